import { expect } from 'vitest';
import type { Database } from '@/db/client';
import { timeEntries } from '@/db/schema';
import { problemSchema, timeEntrySchema } from '@/lib/time-tracking/schemas';

interface ResponseLike {
  status: number;
  headers: Headers;
  text?: string;
  body: unknown;
}

/** Naive UTC to the second, as the API writes timestamps. */
export const NAIVE_UTC = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}$/;

/** The keys every time entry carries, always. */
export const ENTRY_KEYS = [
  'created_at',
  'date',
  'end_time',
  'hourly_rate',
  'id',
  'notes',
  'payment_status',
  'start_time',
  'total_earned',
  'total_hours',
  'updated_at',
  'user_id',
];

/** A JSON success response carrying one time entry with exactly the contract's keys and types. */
export function expectEntry(res: ResponseLike, status = 200) {
  expect(res.status, res.text).toBe(status);
  expect(res.headers.get('content-type')).toContain('application/json');
  expect(res.headers.get('cache-control')).toBe('no-store');
  const entry = timeEntrySchema.strict().parse(res.body);
  expect(Object.keys(res.body as object).sort()).toEqual(ENTRY_KEYS);
  expect(entry.created_at).toMatch(NAIVE_UTC);
  expect(entry.updated_at).toMatch(NAIVE_UTC);
  return entry;
}

/** A problem+json response with the given status. */
export function expectProblem(res: ResponseLike, status: number) {
  expect(res.status, res.text).toBe(status);
  expect(res.headers.get('content-type')).toBe('application/problem+json');
  expect(res.headers.get('cache-control')).toBe('no-store');
  const problem = problemSchema.parse(res.body);
  expect(problem.status).toBe(status);
  expect(problem.detail.length).toBeGreaterThan(0);
  return problem;
}

/** A 400 validation problem whose `errors` name exactly the given paths (in any order). */
export function expectValidation(res: ResponseLike, paths: string[]) {
  const problem = expectProblem(res, 400);
  expect(problem.errors, 'errors[] is present').toBeDefined();
  expect([...new Set(problem.errors!.map((e) => e.path))].sort()).toEqual([...paths].sort());
  for (const error of problem.errors!) expect(error.message.length).toBeGreaterThan(0);
  return problem;
}

/** A 400 validation problem with at least one entry in `errors`, each with a path and a message. */
export function expectSomeValidation(res: ResponseLike) {
  const problem = expectProblem(res, 400);
  expect(problem.errors?.length ?? 0).toBeGreaterThan(0);
  for (const error of problem.errors!) {
    expect(typeof error.path).toBe('string');
    expect(error.message.length).toBeGreaterThan(0);
  }
  return problem;
}

/** Inserts `count` completed 1-hour entries, one per day going back from `lastDate`, in one statement. */
export async function insertManyEntries(
  db: Database,
  userId: number,
  count: number,
  lastDate = '2024-06-30',
) {
  const last = Date.parse(`${lastDate}T09:00:00Z`);
  const values = Array.from({ length: count }, (_, i) => {
    const start = new Date(last - i * 86_400_000);
    return {
      userId,
      date: start.toISOString().slice(0, 10),
      startTime: start,
      endTime: new Date(start.getTime() + 3_600_000),
      hourlyRate: '50',
    };
  });
  return db.insert(timeEntries).values(values).returning({ id: timeEntries.id });
}
