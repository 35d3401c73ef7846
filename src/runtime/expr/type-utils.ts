/** Small predicates over DataType used by the code generators. */
import type { DataType, DecimalType, TypeKind } from '../../sql/data-type.js'

export function isIntegral(k: TypeKind): boolean {
  return k === 'TINYINT' || k === 'SMALLINT' || k === 'INT' || k === 'BIGINT'
}

/** TINYINT, SMALLINT, INT: always a JavaScript number that fits 32 bits. */
export function isSmallIntegral(k: TypeKind): boolean {
  return k === 'TINYINT' || k === 'SMALLINT' || k === 'INT'
}

export function isApprox(k: TypeKind): boolean {
  return k === 'FLOAT' || k === 'DOUBLE'
}

export function isNumeric(k: TypeKind): boolean {
  return isIntegral(k) || isApprox(k) || k === 'DECIMAL'
}

export function isCharacter(k: TypeKind): boolean {
  return k === 'CHAR' || k === 'VARCHAR'
}

export function isBinaryKind(k: TypeKind): boolean {
  return k === 'BINARY' || k === 'VARBINARY'
}

export function isTimestamp(k: TypeKind): boolean {
  return k === 'TIMESTAMP' || k === 'TIMESTAMP_LTZ'
}

export function isInterval(k: TypeKind): boolean {
  return k === 'INTERVAL_DAY_TIME' || k === 'INTERVAL_YEAR_MONTH'
}

/** Precision and scale of an exact numeric type (integers as DECIMAL(p, 0), as Flink does in decimal arithmetic). */
export function decimalShape(t: DataType): { precision: number; scale: number } {
  switch (t.kind) {
    case 'DECIMAL':
      return { precision: t.precision, scale: t.scale }
    case 'TINYINT':
      return { precision: 3, scale: 0 }
    case 'SMALLINT':
      return { precision: 5, scale: 0 }
    case 'INT':
      return { precision: 10, scale: 0 }
    case 'BIGINT':
      return { precision: 19, scale: 0 }
    default:
      return { precision: 38, scale: 0 }
  }
}

export function decimalType(precision: number, scale: number, nullable = true): DecimalType {
  return { kind: 'DECIMAL', precision, scale, nullable }
}

export function precisionOf(t: DataType): number {
  return t.kind === 'TIMESTAMP' || t.kind === 'TIMESTAMP_LTZ' || t.kind === 'TIME' ? t.precision : 3
}

export const DOUBLE: DataType = { kind: 'DOUBLE', nullable: true }
export const BIGINT: DataType = { kind: 'BIGINT', nullable: true }
export const INT: DataType = { kind: 'INT', nullable: true }
export const STRING: DataType = { kind: 'VARCHAR', length: 2147483647, nullable: true }
export const BOOLEAN: DataType = { kind: 'BOOLEAN', nullable: true }
