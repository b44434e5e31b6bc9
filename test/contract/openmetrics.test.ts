import { expect } from 'chai';
import { Counter, Registry, type RegistryContentType, register } from 'prom-client';
import request from 'supertest';
import { FLAVOURS } from '../fixtures/flavours';
import { checkOpenMetrics } from '../helpers/openmetrics';
import { Exposition } from '../helpers/scrape';

/** What Prometheus 2.42 sends with every scrape. */
const PROMETHEUS_ACCEPT =
  'application/openmetrics-text;version=1.0.0,application/openmetrics-text;version=0.0.1;q=0.75,text/plain;version=0.0.4;q=0.5,*/*;q=0.1';
const OPENMETRICS = 'application/openmetrics-text; version=1.0.0; charset=utf-8';
const TEXT = 'text/plain; version=0.0.4; charset=utf-8';
const options = { processMetrics: false } as const;
/** prom-client types its default registry as text-only, though it takes either content type. */
const defaultRegistry = register as unknown as Registry<RegistryContentType>;

for (const flavour of FLAVOURS) {
  describe(`${flavour.name}: the metrics endpoint's formats`, () => {
    let orders: Counter;
    beforeEach(() => {
      orders = new Counter({ name: 'app_orders_total', help: 'Orders.' });
      orders.inc(3);
    });
    afterEach(() => {
      register.removeSingleMetric('app_orders_total');
      defaultRegistry.setContentType(Registry.PROMETHEUS_CONTENT_TYPE);
      register.setDefaultLabels({});
    });

    it('should answer OpenMetrics, default registry included, when Prometheus asks for it', async function () {
      const app = flavour.create(options);
      await request(app).get('/hello').expect(200);
      const response = await request(app).get('/metrics').set('Accept', PROMETHEUS_ACCEPT);
      expect(response.headers['content-type']).to.equal(OPENMETRICS);
      expect(response.text).to.contain('\n# TYPE rag_requests counter\n');
      expect(response.text).to.contain(
        '\nrag_requests_total{method="GET",route="/hello",status_code="200"} 1\n',
      );
      expect(response.text).to.contain('\n# TYPE app_orders counter\napp_orders_total 3\n');
      expect(response.text.split('# EOF')).to.have.length(2);
      expect(response.text.endsWith('\n# EOF\n')).to.equal(true);
      const check = checkOpenMetrics(this, response.text);
      expect(check.output).to.equal('');
      expect(check.valid).to.equal(true);
    });

    it('should answer text 0.0.4 to a scraper that does not ask for OpenMetrics', async () => {
      const app = flavour.create(options);
      for (const accept of [undefined, '*/*', 'text/plain;version=0.0.4', 'application/json']) {
        const get = request(app).get('/metrics');
        const response = accept === undefined ? await get : await get.set('Accept', accept);
        expect(response.headers['content-type'], String(accept)).to.equal(TEXT);
        expect(response.text).not.to.contain('# EOF');
      }
    });

    it('should keep one # EOF, last, when the default registry is set to OpenMetrics (issue 14, defect 6)', async function () {
      defaultRegistry.setContentType(Registry.OPENMETRICS_CONTENT_TYPE);
      const app = flavour.create(options);
      const om = await request(app).get('/metrics').set('Accept', PROMETHEUS_ACCEPT);
      expect(om.text.split('# EOF')).to.have.length(2);
      expect(om.text.endsWith('\napp_orders_total 3\n# EOF\n')).to.equal(true);
      expect(checkOpenMetrics(this, om.text).valid).to.equal(true);
      const text = await request(app).get('/metrics');
      expect(text.headers['content-type']).to.equal(TEXT);
      expect(text.text).not.to.contain('# EOF');
      expect(new Exposition(text.text).value('app_orders_total')).to.equal(3);
    });

    it("should answer both formats when the instance's own registry is set to OpenMetrics", async function () {
      const registry = new Registry<typeof Registry.OPENMETRICS_CONTENT_TYPE>();
      registry.setContentType(Registry.OPENMETRICS_CONTENT_TYPE);
      const app = flavour.create({ ...options, registry: registry as unknown as Registry });
      await request(app).get('/hello').expect(200);
      const om = await request(app).get('/metrics').set('Accept', PROMETHEUS_ACCEPT);
      expect(om.headers['content-type']).to.equal(OPENMETRICS);
      expect(checkOpenMetrics(this, om.text).valid).to.equal(true);
      const text = await request(app).get('/metrics');
      expect(text.headers['content-type']).to.equal(TEXT);
      const exposition = new Exposition(text.text);
      expect(exposition.value('app_orders_total')).to.equal(3);
      expect(
        exposition.value('rag_requests_total', {
          method: 'GET',
          route: '/hello',
          status_code: '200',
        }),
      ).to.equal(1);
    });

    it('should keep counter names and default labels in text after an OpenMetrics scrape', async () => {
      register.setDefaultLabels({ app: 'shop' });
      const app = flavour.create(options);
      await request(app).get('/hello').expect(200);
      const om = await request(app).get('/metrics').set('Accept', PROMETHEUS_ACCEPT);
      expect(om.text).to.contain('\napp_orders_total{app="shop"} 3\n');
      const exposition = new Exposition((await request(app).get('/metrics')).text);
      expect(exposition.value('app_orders_total', { app: 'shop' })).to.equal(3);
      expect(
        exposition.value('rag_requests_total', {
          method: 'GET',
          route: '/hello',
          status_code: '200',
        }),
      ).to.equal(1);
    });
  });
}
