/**
 * Flink's logical types, as data. Shared by the AST (a CAST or a column definition names one) and by the
 * catalog and planner (every expression has one). STRING is VARCHAR(MAX_LENGTH), BYTES is VARBINARY(MAX_LENGTH).
 */
export const MAX_LENGTH = 2147483647

export type TimeAttribute = 'ROWTIME' | 'PROCTIME'

interface TypeBase<K extends string> {
  readonly kind: K
  readonly nullable: boolean
}

export interface SimpleType extends TypeBase<'BOOLEAN' | 'TINYINT' | 'SMALLINT' | 'INT' | 'BIGINT' | 'FLOAT' | 'DOUBLE' | 'DATE' | 'NULL'> {}
export interface DecimalType extends TypeBase<'DECIMAL'> { readonly precision: number; readonly scale: number }
export interface CharType extends TypeBase<'CHAR' | 'VARCHAR'> { readonly length: number }
export interface BinaryType extends TypeBase<'BINARY' | 'VARBINARY'> { readonly length: number }
export interface TimeType extends TypeBase<'TIME'> { readonly precision: number }
export interface TimestampType extends TypeBase<'TIMESTAMP' | 'TIMESTAMP_LTZ'> {
  readonly precision: number
  /** Set on the column a WATERMARK is declared for (ROWTIME) or on PROCTIME() results; dropped by most expressions. */
  readonly timeAttribute?: TimeAttribute
}
/** INTERVAL DAY TO SECOND values are milliseconds; INTERVAL YEAR TO MONTH values are months. */
export interface IntervalType extends TypeBase<'INTERVAL_DAY_TIME' | 'INTERVAL_YEAR_MONTH'> {}
export interface ArrayType extends TypeBase<'ARRAY' | 'MULTISET'> { readonly element: DataType }
export interface MapType extends TypeBase<'MAP'> { readonly key: DataType; readonly value: DataType }
export interface RowField { readonly name: string; readonly type: DataType; readonly description?: string }
export interface RowType extends TypeBase<'ROW'> { readonly fields: readonly RowField[] }

export type DataType =
  | SimpleType
  | DecimalType
  | CharType
  | BinaryType
  | TimeType
  | TimestampType
  | IntervalType
  | ArrayType
  | MapType
  | RowType

export type TypeKind = DataType['kind']

export function withNullable<T extends DataType>(t: T, nullable: boolean): T {
  return t.nullable === nullable ? t : { ...t, nullable }
}

/** Renders as Flink does in DESCRIBE and error messages: `VARCHAR(10)`, `STRING`, `TIMESTAMP(3) *ROWTIME*`, `INT NOT NULL`. */
export function formatType(t: DataType): string {
  const nn = t.nullable ? '' : ' NOT NULL'
  switch (t.kind) {
    case 'BOOLEAN':
    case 'TINYINT':
    case 'SMALLINT':
    case 'INT':
    case 'BIGINT':
    case 'FLOAT':
    case 'DOUBLE':
    case 'DATE':
    case 'NULL':
      return t.kind + nn
    case 'DECIMAL':
      return `DECIMAL(${t.precision}, ${t.scale})${nn}`
    case 'CHAR':
      return `CHAR(${t.length})${nn}`
    case 'VARCHAR':
      return (t.length === MAX_LENGTH ? 'STRING' : `VARCHAR(${t.length})`) + nn
    case 'BINARY':
      return `BINARY(${t.length})${nn}`
    case 'VARBINARY':
      return (t.length === MAX_LENGTH ? 'BYTES' : `VARBINARY(${t.length})`) + nn
    case 'TIME':
      return `TIME(${t.precision})${nn}`
    case 'TIMESTAMP':
    case 'TIMESTAMP_LTZ': {
      const attr = t.timeAttribute === undefined ? '' : ` *${t.timeAttribute}*`
      return `${t.kind}(${t.precision})${nn}${attr}`
    }
    case 'INTERVAL_DAY_TIME':
      return `INTERVAL SECOND(3)${nn}`
    case 'INTERVAL_YEAR_MONTH':
      return `INTERVAL MONTH${nn}`
    case 'ARRAY':
    case 'MULTISET':
      return `${t.kind}<${formatType(t.element)}>${nn}`
    case 'MAP':
      return `MAP<${formatType(t.key)}, ${formatType(t.value)}>${nn}`
    case 'ROW':
      return `ROW<${t.fields.map((f) => `\`${f.name}\` ${formatType(f.type)}`).join(', ')}>${nn}`
    default:
      return assertNeverType(t)
  }
}

function assertNeverType(t: never): never {
  throw new Error(`unknown type ${JSON.stringify(t)}`)
}
