/**
 * The embedded connectors and formats. Entry points (CLI, gateway, tests) call createConnectorRegistry(); worker
 * threads re-import this module by its URL (`modulePath`) and call it again.
 */
import { ConnectorRegistry } from '../src/catalog/connector-registry.js'
import { blackholeConnector } from './blackhole/index.js'
import { datagenConnector } from './datagen/index.js'
import { filesystemConnector } from './filesystem/index.js'
import { canalJsonFormat } from './formats/canal-json/canal-json-format.js'
import { csvFormat } from './formats/csv/csv-format.js'
import { debeziumJsonFormat } from './formats/debezium-json/debezium-json-format.js'
import { jsonFormat } from './formats/json/json-format.js'
import { rawFormat } from './formats/raw/raw-format.js'
import { nexmarkConnector } from './nexmark/index.js'
import { printConnector } from './print/index.js'

export function createConnectorRegistry(): ConnectorRegistry {
  return new ConnectorRegistry(import.meta.url)
    .register(datagenConnector)
    .register(nexmarkConnector)
    .register(filesystemConnector)
    .register(printConnector)
    .register(blackholeConnector)
    .registerFormat(jsonFormat)
    .registerFormat(csvFormat)
    .registerFormat(rawFormat)
    .registerFormat(debeziumJsonFormat)
    .registerFormat(canalJsonFormat)
}
