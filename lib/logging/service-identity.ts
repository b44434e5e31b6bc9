import type { RequestRecord } from '../request-record';

/**
 * Resolves a completion line's `service` and `environment`: the logger's own options first, then
 * those of the `ragMetrics()` instance that recorded the request (so that logs and metrics agree
 * without being configured twice), then `SERVICE_NAME` / `ENV` / `NODE_ENV`.
 */
export class ServiceIdentity {
  constructor(
    private readonly serviceName: string | undefined,
    private readonly environmentName: string | undefined,
    private readonly fallbackServiceName: string,
    private readonly fallbackEnvironment: string,
  ) {}

  service(record: RequestRecord | undefined): string {
    return this.serviceName ?? record?.service.name ?? this.fallbackServiceName;
  }

  environment(record: RequestRecord | undefined): string {
    return this.environmentName ?? record?.service.environment ?? this.fallbackEnvironment;
  }
}
