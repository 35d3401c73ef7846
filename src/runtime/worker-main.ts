/**
 * Entry point of a worker thread: rebuilds the job graph and the connector registry, builds its share of subtasks
 * (local channels among them, MessagePort channels to other workers) and runs them when told to start.
 */
import { parentPort, workerData } from 'node:worker_threads'
import { ConnectorRegistry } from '../catalog/connector-registry.js'
import { buildJobGraph } from './job-graph.js'
import { SubtaskGroup } from './local-execution.js'
import { serializeError } from './operator-failure.js'
import { RemoteChannelReader, RemoteChannelWriter } from './remote-channel.js'
import { runtimeConfig } from './runtime-config.js'
import { channelKey, type FromWorker, type ToWorker, type WorkerInit } from './worker-protocol.js'

if (parentPort === null) throw new Error('worker-main.ts must run in a worker thread')
const port = parentPort
const init = workerData as WorkerInit
const post = (m: FromWorker): void => port.postMessage(m)

async function main(): Promise<void> {
  let group: SubtaskGroup | null = null
  let releaseHold: () => void = () => undefined
  const hold = new Promise<void>((resolve) => {
    releaseHold = resolve
  })
  try {
    const runtime = runtimeConfig(init.config)
    const graph = buildJobGraph(init.plan, { isolateKeyed: runtime.stateBackend !== 'hashmap' })
    let connectors = new ConnectorRegistry(null)
    // Loading every connector and format costs start-up time; a plan of VALUES and collect needs none.
    const needsConnectors = graph.tasks.some((t) => t.nodes.some((n) => n.kind === 'StreamTableSourceScan' || (n.kind === 'StreamSink' && n.target.kind === 'table')))
    if (init.modulePath !== null && needsConnectors) {
      const mod = (await import(init.modulePath)) as { createConnectorRegistry(): ConnectorRegistry }
      connectors = mod.createConnectorRegistry()
    }
    group = new SubtaskGroup({
      graph,
      runtime,
      log: (line) => post({ type: 'log', line }),
      env: { jobId: init.jobId, config: init.config, connectors, collect: (batch, tag) => post({ type: 'collect', batch, tag }), checkpointing: init.checkpointing },
      checkpoints: {
        acknowledge: (ack) => post({ type: 'ack', ack }),
        decline: (checkpointId, reason) => post({ type: 'decline', checkpointId, reason }),
        subtaskFinished: (taskId, subtaskIndex) => post({ type: 'subtask-finished', taskId, subtaskIndex }),
      },
      restore: init.restore,
      attempt: init.attempt,
      holdOpen: () => {
        post({ type: 'finished' })
        return hold
      },
      subtasks: init.subtasks,
      remoteWriter: (edge, from, to) => {
        const p = init.outPorts[channelKey(edge.id, from, to)]
        return p === undefined ? null : new RemoteChannelWriter(p, runtime.channelCapacity)
      },
      remoteReader: (edge, from, to) => {
        const p = init.inPorts[channelKey(edge.id, from, to)]
        return p === undefined ? null : new RemoteChannelReader(p)
      },
    })
  } catch (e) {
    post({ type: 'failed', error: serializeError(e), metrics: [] })
    return
  }
  const g = group
  const started = new Promise<void>((resolve) => {
    port.on('message', (m: ToWorker) => {
      switch (m.type) {
        case 'start':
          resolve()
          break
        case 'cancel':
          g.cancel()
          releaseHold()
          resolve()
          break
        case 'close':
          releaseHold()
          break
        case 'barrier':
          g.injectBarrier(m.barrier)
          break
        case 'notify':
          g.notify(m.notification).then(
            () => post({ type: 'notified', requestId: m.requestId, error: null }),
            (e: unknown) => post({ type: 'notified', requestId: m.requestId, error: serializeError(e) }),
          )
          break
      }
    })
  })
  post({ type: 'ready' })
  await started
  const timer = setInterval(() => post({ type: 'metrics', metrics: g.metricSnapshots() }), 500)
  timer.unref()
  try {
    await g.run()
    clearInterval(timer)
    post({ type: 'done', metrics: g.metricSnapshots() })
  } catch (e) {
    clearInterval(timer)
    post({ type: 'failed', error: serializeError(e), metrics: g.metricSnapshots() })
  }
  // Exit by running out of work rather than being terminated, so output written to stdout (print sink) is flushed.
  for (const p of [...Object.values(init.outPorts), ...Object.values(init.inPorts)]) p.close()
  port.removeAllListeners('message')
  port.unref()
}

void main()
