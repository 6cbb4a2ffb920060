import { json, methodNotAllowed, parseBody, withAuth } from '@/lib/http/handler';
import { updateSettingsSchema } from '@/lib/time-tracking/schemas';
import { serializeSettings } from '@/lib/time-tracking/serialize';
import { getOrCreateSettings, updateSettings } from '@/lib/time-tracking/settings';

// GET /api/v1/time-tracking/settings – the user's settings, created with defaults on first access
export const GET = withAuth(async ({ userId, db }) =>
  json(serializeSettings(await getOrCreateSettings(db, userId))),
);

// PUT /api/v1/time-tracking/settings – change any of default_hourly_rate, currency, timezone
export const PUT = withAuth(async ({ request, userId, db }) => {
  const input = await parseBody(request, updateSettingsSchema);
  return json(serializeSettings(await updateSettings(db, userId, input)));
});

// Any other method – 405 with Allow
const otherMethods = methodNotAllowed(['GET', 'PUT']);

export { otherMethods as POST, otherMethods as DELETE, otherMethods as PATCH };
