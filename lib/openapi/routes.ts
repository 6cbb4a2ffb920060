// The route declarations of the API, found where Next.js finds the routes: every
// route.ts under app/api/v1/time-tracking and app/api/v1/public. For `npm run openapi` and the tests
// (Node only: it reads the file system and imports each route module).
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { HTTP_METHODS, type RouteDeclaration, routeDeclaration } from '@/lib/http/route';
import { API_BASE_PATH, PUBLIC_API_BASE_PATH } from '@/lib/time-tracking/constants';
import { buildOpenApiDocument } from './document';

/** The URL prefixes whose folders under app/ hold the API's route files. */
const ROUTE_BASES = [API_BASE_PATH, PUBLIC_API_BASE_PATH];
const folderOf = (base: string) => path.join(process.cwd(), 'app', ...base.split('/').filter(Boolean));

export interface RouteFile {
  /** e.g. app/api/v1/time-tracking/entries/[entry_id]/route.ts */
  file: string;
  /** The URL path template its folder gives: /api/v1/time-tracking/entries/{entry_id} */
  path: string;
  module: Record<string, unknown>;
  declaration: RouteDeclaration;
}

/** Every route file, imported, with its declaration; throws if one has none or declares another path. */
export async function routeFiles(): Promise<RouteFile[]> {
  const files = ROUTE_BASES.flatMap((base) =>
    readdirSync(folderOf(base), { recursive: true, encoding: 'utf8' })
      .filter((f) => path.basename(f) === 'route.ts')
      .sort()
      .map((relative) => ({ base, relative })),
  );
  return Promise.all(
    files.map(async ({ base, relative }) => {
      const dir = folderOf(base);
      const file = path.relative(process.cwd(), path.join(dir, relative));
      const folders = path
        .dirname(relative)
        .split(path.sep)
        .filter((f) => f !== '.');
      const urlPath = [base, ...folders.map((f) => f.replace(/^\[(.+)\]$/, '{$1}'))].join('/');
      const module = (await import(path.join(dir, relative))) as Record<string, unknown>;
      const declaration = HTTP_METHODS.map((m) => routeDeclaration(module[m])).find(Boolean);
      if (!declaration) throw new Error(`${file} exports no handlers made by defineRoute`);
      if (declaration.path !== urlPath) {
        throw new Error(`${file} declares the path ${declaration.path}, but its folder serves ${urlPath}`);
      }
      return { file, path: urlPath, module, declaration };
    }),
  );
}

/** The document as the code declares it now. */
export async function currentOpenApiDocument() {
  return buildOpenApiDocument((await routeFiles()).map((r) => r.declaration));
}
