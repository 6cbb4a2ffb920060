import type { Metadata } from 'next';
import { TimeTrackingApp } from './_components/time-tracking-app';

export const metadata: Metadata = { title: 'Time tracking' };

// GET /time-tracking – the timer, statistics, entries and settings (all client-side, on the API)
export default function TimeTrackingPage() {
  return <TimeTrackingApp />;
}
