import type { RequestContext } from '../rag-context';
import { RagMetrics } from '../rag-metrics';

/**
 * Resolves a completion line's `service` and `environment`: the logger's own options first, then
 * those of the `ragMetrics()` instance that measured the request (so that logs and metrics agree
 * without being configured twice), then `SERVICE_NAME` / `ENV` / `NODE_ENV`.
 */
export class ServiceIdentity {
  constructor(
    private readonly serviceName: string | undefined,
    private readonly environmentName: string | undefined,
    private readonly fallbackServiceName: string,
    private readonly fallbackEnvironment: string,
  ) {}

  service(rag: RequestContext | undefined): string {
    if (this.serviceName !== undefined) return this.serviceName;
    const instance = rag?.target;
    return instance instanceof RagMetrics ? instance.options.serviceName : this.fallbackServiceName;
  }

  environment(rag: RequestContext | undefined): string {
    if (this.environmentName !== undefined) return this.environmentName;
    const instance = rag?.target;
    return instance instanceof RagMetrics ? instance.options.environment : this.fallbackEnvironment;
  }
}
