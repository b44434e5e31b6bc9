import { createExpressApp } from '../../sample-app/apps/express-app';
import { describeSampleApp } from './sample-app-suite';

describeSampleApp('Express', (config) => createExpressApp(config));
