'use client';

import { formatHours, formatMoney } from '@/lib/client/format';
import { useStats } from '@/lib/client/hooks';
import type { TimeTrackingSettings } from '@/lib/time-tracking/schemas';
import { ProblemMessage } from './problem-message';

/** Hours and earnings for today, this week and this month; unpaid, invoiced and paid amounts. */
export function StatsCards({ settings }: { settings: TimeTrackingSettings }) {
  const stats = useStats();
  const money = (amount: number) => formatMoney(amount, settings.currency);

  return (
    <section className="card stats" aria-labelledby="stats-heading" aria-busy={stats.isFetching}>
      <h2 id="stats-heading">Summary</h2>
      {stats.isPending ? (
        <p className="muted">Loading…</p>
      ) : stats.isError ? (
        <ProblemMessage error={stats.error} />
      ) : (
        <ul className="stat-grid">
          <Stat
            id="today"
            label="Today"
            value={money(stats.data.total_earned_today)}
            sub={formatHours(stats.data.total_hours_today)}
          />
          <Stat
            id="week"
            label="This week"
            value={money(stats.data.total_earned_week)}
            sub={formatHours(stats.data.total_hours_week)}
          />
          <Stat
            id="month"
            label="This month"
            value={money(stats.data.total_earned_month)}
            sub={formatHours(stats.data.total_hours_month)}
          />
          <Stat id="unpaid" label="Unpaid" value={money(stats.data.unpaid_amount)} sub="not invoiced yet" />
          <Stat
            id="invoiced"
            label="Invoiced"
            value={money(stats.data.invoiced_amount)}
            sub="awaiting payment"
          />
          <Stat id="paid" label="Paid" value={money(stats.data.paid_amount)} sub="all time" />
        </ul>
      )}
    </section>
  );
}

function Stat({ id, label, value, sub }: { id: string; label: string; value: string; sub: string }) {
  return (
    <li className="stat" data-stat={id}>
      <h3 id={`stat-${id}`}>{label}</h3>
      <p className="stat-value" data-testid={`stat-${id}-value`}>
        {value}
      </p>
      <p className="stat-sub" data-testid={`stat-${id}-sub`}>
        {sub}
      </p>
    </li>
  );
}
