/**
 * Connectors and formats known to a session. The engine never imports connectors/ itself: the entry point
 * (the CLI, the gateway, a test) builds the registry from connectors/index.ts and hands it down; worker threads
 * rebuild it from the module named by `ConnectorRegistry.modulePath`.
 */
import { EngineError } from '../errors.js'
import type { ConnectorFactory, FormatFactory, FormatRegistry } from './connector.js'

export class ConnectorRegistry implements FormatRegistry {
  private readonly connectors = new Map<string, ConnectorFactory>()
  private readonly formatFactories = new Map<string, FormatFactory>()

  /** `modulePath`: an importable URL of a module exporting `createConnectorRegistry(): ConnectorRegistry`. */
  constructor(readonly modulePath: string | null = null) {}

  register(factory: ConnectorFactory): this {
    this.connectors.set(factory.identifier, factory)
    return this
  }

  registerFormat(factory: FormatFactory): this {
    this.formatFactories.set(factory.identifier, factory)
    return this
  }

  has(identifier: string): boolean {
    return this.connectors.has(identifier)
  }

  /** Throws CONNECTOR_NOT_FOUND listing the known connectors. */
  connector(identifier: string): ConnectorFactory {
    const f = this.connectors.get(identifier)
    if (f === undefined) {
      throw new EngineError('CONNECTOR_NOT_FOUND', `unknown connector '${identifier}'`, {
        hint: `known connectors: ${this.connectorIds().join(', ')}`,
      })
    }
    return f
  }

  connectorIds(): string[] {
    return [...this.connectors.keys()].sort()
  }

  hasFormat(identifier: string): boolean {
    return this.formatFactories.has(identifier)
  }

  get(identifier: string): FormatFactory {
    const f = this.formatFactories.get(identifier)
    if (f === undefined) {
      throw new EngineError('CONNECTOR_FORMAT_NOT_FOUND', `unknown format '${identifier}'`, {
        hint: `known formats: ${this.formatIds().join(', ')}`,
      })
    }
    return f
  }

  formatIds(): string[] {
    return [...this.formatFactories.keys()].sort()
  }
}
