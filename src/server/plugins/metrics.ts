/** @module server/plugins/metrics — Prometheus metrics at /metrics: requests, streams, fan-out, latency. */
import type { FastifyInstance } from 'fastify'
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client'
import type { StreamMetrics } from '../stream/stream-hub.js'

export interface Metrics {
  registry: Registry
  requests: Counter<'method' | 'route' | 'status'>
  stream: StreamMetrics
}

/** One registry per app, so several apps in one test process do not share counters. */
export function createMetrics(): Metrics {
  const registry = new Registry()
  collectDefaultMetrics({ register: registry })
  const requests = new Counter({
    name: 'sitrep_http_requests_total',
    help: 'HTTP requests by method, route and status',
    labelNames: ['method', 'route', 'status'],
    registers: [registry],
  })
  const streams = new Gauge({
    name: 'sitrep_stream_connections',
    help: 'Open SSE reader connections',
    registers: [registry],
  })
  const fannedOut = new Counter({
    name: 'sitrep_events_fanned_out_total',
    help: 'Event frames written to reader connections',
    registers: [registry],
  })
  const dropped = new Counter({
    name: 'sitrep_stream_slow_readers_dropped_total',
    help: 'Reader connections dropped for falling too far behind',
    registers: [registry],
  })
  const latency = new Histogram({
    name: 'sitrep_publish_to_write_seconds',
    help: 'Time from an event commit to its write on reader sockets',
    buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [registry],
  })
  return {
    registry,
    requests,
    stream: {
      connectionOpened: () => streams.inc(),
      connectionClosed: () => streams.dec(),
      fannedOut: (count) => fannedOut.inc(count),
      publishToWrite: (seconds) => latency.observe(seconds),
      slowReaderDropped: () => dropped.inc(),
    },
  }
}

export function registerMetrics(app: FastifyInstance, metrics: Metrics): void {
  app.addHook('onResponse', (request, reply, done) => {
    metrics.requests.inc({
      method: request.method,
      route: request.routeOptions.url ?? 'unmatched',
      status: String(reply.statusCode),
    })
    done()
  })
  app.get('/metrics', { schema: { hide: true } }, async (_request, reply) => {
    return reply.type(metrics.registry.contentType).send(await metrics.registry.metrics())
  })
}
