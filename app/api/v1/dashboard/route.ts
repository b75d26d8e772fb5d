import { getDb } from '@/lib/db';
import { withAdmin } from '@/lib/api/with-admin';
import { getDashboard } from '@/lib/dashboard/get-dashboard';

export const GET = withAdmin(async () => getDashboard(getDb()), { permission: 'read' });
