// npm run db:check [-- --repair]: compares the per-day and per-status totals with a
// fresh recomputation from time_entries (db/totals.ts), on DATABASE_URL or, when it
// is unset, on the embedded database in PGLITE_DIR. Exit 0 when they match, 1 on
// drift (or failure); with --repair, rebuilds them and exits 0 once they match.
import { describeCause } from '@/lib/errors';
import { type Database, openForTool } from './client';
import { EmbeddedDatabaseLockedError } from './embedded-lock';
import { checkTotals, repairTotals, type TotalsCheck, type TotalsDrift, type TotalsValues } from './totals';

const USAGE = 'Usage: npm run db:check [-- --repair]';

const entries = (n: number) => `${n} ${n === 1 ? 'entry' : 'entries'}`;

const show = (values: TotalsValues | null) =>
  values ? `${entries(values.entryCount)}, ${values.seconds} s, earned ${values.earned}` : 'no row';

function describe(drift: TotalsDrift) {
  const key = [`user ${drift.userId}`, drift.date, drift.paymentStatus].filter(Boolean).join(' ');
  const expected = drift.expected ? show(drift.expected) : 'no row (no entries)';
  return `  ${drift.table} ${key}: expected ${expected}; stored ${show(drift.stored)}`;
}

const compared = (result: TotalsCheck) =>
  `${entries(result.entries)}, ${result.dailyRows} daily and ${result.statusRows} status totals rows`;

/** How many drifted keys are listed; the rest are counted. */
const SHOWN = 50;

function list(result: TotalsCheck) {
  for (const drift of result.drift) console.log(describe(drift));
  const more = result.driftCount - result.drift.length;
  if (more > 0) console.log(`  … and ${more} more`);
}

const secondsSince = (start: number) => `${((performance.now() - start) / 1000).toFixed(1)} s`;

async function run(db: Database, repair: boolean): Promise<number> {
  const start = performance.now();
  if (repair) {
    const result = await repairTotals(db, { limit: SHOWN });
    list(result);
    const empty = result.emptyRowsRemoved ? `, removed ${result.emptyRowsRemoved} rows of zeros` : '';
    const fixed = result.driftCount
      ? `Repaired ${result.driftCount} drifted totals rows (listed above, as they were)`
      : 'Nothing had drifted';
    console.log(`${fixed}${empty} in ${secondsSince(start)}: ${compared(result)} now match.`);
    return 0;
  }
  const result = await checkTotals(db, { limit: SHOWN });
  if (result.driftCount === 0) {
    console.log(`Totals match the entries: ${compared(result)}, no drift (${secondsSince(start)}).`);
    return 0;
  }
  list(result);
  console.log(
    `Drift in ${result.driftCount} totals rows (listed above) over ${compared(result)}. ` +
      'Run `npm run db:check -- --repair` to rebuild them from the entries.',
  );
  return 1;
}

async function main(): Promise<number> {
  const args = process.argv.slice(2);
  const unknown = args.filter((arg) => arg !== '--repair');
  if (unknown.length > 0) {
    console.error(`Unknown argument ${unknown.join(' ')}. ${USAGE}`);
    return 1;
  }
  const repair = args.includes('--repair');
  // On the embedded database this takes the folder's lock, or is refused if a server has it.
  const { db, close, where } = await openForTool();
  console.log(`${repair ? 'Rebuilding' : 'Checking'} the totals in ${where}`);
  try {
    return await run(db, repair);
  } finally {
    await close();
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    if (error instanceof EmbeddedDatabaseLockedError) {
      console.error(`Check refused: ${error.message}`);
      process.exit(1);
    }
    const { error: cause, code } = describeCause(error);
    console.error('Check failed:', cause);
    // undefined_table, undefined_function (time_entry_delta comes with migration 0007).
    if (code === '42P01' || code === '42883') console.error('Apply the migrations first: npm run db:migrate');
    // lock_not_available: --repair waited for the writers in vain.
    if (code === '55P03') console.error('Writers kept time_entries busy; try --repair again.');
    process.exit(1);
  },
);
