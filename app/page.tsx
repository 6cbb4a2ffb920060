import { redirect } from 'next/navigation';

// The only page is the time-tracking page.
export default function Home() {
  redirect('/time-tracking');
}
