/** `npm run infra:dashboard`: writes dashboards/rag-overview.json from dashboard.ts. */
import { writeFileSync } from 'node:fs';
import { relative } from 'node:path';
import { DASHBOARD_FILE, dashboardJson } from './dashboard';

writeFileSync(DASHBOARD_FILE, dashboardJson());
console.log(`wrote ${relative(process.cwd(), DASHBOARD_FILE)}`);
