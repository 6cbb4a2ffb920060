import { type ApiResponse, type RequestOptions as BaseOptions, exchange } from '../../helpers/request';
import { record } from './metrics';

export type { ApiResponse };

export interface RequestOptions extends BaseOptions {
  /** The outage tests expect 503s; everything else counts any 5xx against the suite. */
  allow503?: boolean;
}

// Things no response may ever contain (error hygiene): SQL, driver wrappers,
// stack frames, file system paths, parameter dumps.
const LEAKS: [string, RegExp][] = [
  ['SQL', /\b(select|insert\s+into|update|delete\s+from)\b[\s\S]{0,200}\b(from|values|set|where)\b/i],
  ['driver error', /Failed query|DrizzleQueryError|PostgresError|params:/i],
  ['stack frame', /\bat\s+[\w.<>]+\s+\(|\bat\s+(file:|node:|\/)/],
  ['file path', /(\/work\/|\/home\/|\/root\/|node_modules|\.next\/server|[A-Za-z]:\\)/],
  ['table name', /\b(time_entries|user_settings|deleted_time_entries)\b/],
];

export function leaksIn(text: string): string | undefined {
  for (const [name, pattern] of LEAKS) {
    const match = pattern.exec(text);
    if (match) return `${name}: …${text.slice(Math.max(0, match.index - 40), match.index + 80)}…`;
  }
  return undefined;
}

/** A fetch wrapper for the running server that records every status and checks every body for leaks. */
export function createClient(baseUrl: string) {
  return function api(method: string, path: string, options: RequestOptions = {}): Promise<ApiResponse> {
    const url = path.startsWith('http') ? path : `${baseUrl}${path}`;
    return exchange(fetch, method, url, options, ({ status, headers, text }) => {
      record({ kind: 'response', status, allowed5xx: options.allow503 && status === 503 });
      const leak = leaksIn(text) ?? leaksIn([...headers.values()].join('\n'));
      if (leak) record({ kind: 'hygiene', where: `${method} ${path} → ${status}`, excerpt: leak });
    });
  };
}

export type Api = ReturnType<typeof createClient>;
