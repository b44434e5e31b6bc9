import { createKoaApp } from '../../sample-app/apps/koa-app';
import { describeSampleApp } from './sample-app-suite';

describeSampleApp('Koa', (config) => createKoaApp(config).callback());
