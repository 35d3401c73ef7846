import { describe, expect, it } from 'vitest'
import { T, run, runLit, runMixed, lit } from './helpers.js'
import { translateJavaRegex } from '../../../src/runtime/expr/java-regex.js'

const S = T.string()
const I = T.int()

describe('concatenation', () => {
  it('CONCAT and || give NULL if any argument is NULL', () => {
    expect(run('CONCAT', [['a', S], ['b', S], ['c', S]], S)).toBe('abc')
    expect(run('CONCAT', [['a', S], [null, S]], S)).toBe(null)
    expect(run('||', [['a', S], ['', S]], S)).toBe('a')
    expect(run('||', [[null, S], ['x', S]], S)).toBe(null)
  })

  it('CONCAT_WS skips NULL arguments but not a NULL separator', () => {
    expect(run('CONCAT_WS', [['-', S], ['a', S], [null, S], ['c', S]], S)).toBe('a-c')
    expect(run('CONCAT_WS', [['-', S], [null, S], [null, S]], S)).toBe('')
    expect(run('CONCAT_WS', [[null, S], ['a', S]], S)).toBe(null)
    expect(run('CONCAT_WS', [['', S], ['a', S], ['b', S]], S)).toBe('ab')
  })
})

describe('SUBSTRING', () => {
  it.each([
    ['hello', 2, 3, 'ell'],
    ['hello', 0, 2, 'he'],
    ['hello', -3, 2, 'll'],
    ['hello', -10, 2, ''],
    ['hello', 10, 2, ''],
    ['hello', 2, 100, 'ello'],
    ['', 1, 1, ''],
  ] as const)('SUBSTRING(%j, %d, %d) = %j', (s, p, l, r) => {
    expect(run('SUBSTRING', [[s, S], [p, I], [l, I]], S)).toBe(r)
  })

  it('without length, and with a negative length (NULL)', () => {
    expect(run('SUBSTRING', [['hello', S], [3, I]], S)).toBe('llo')
    expect(run('SUBSTRING', [['hello', S], [-2, I]], S)).toBe('lo')
    expect(run('SUBSTRING', [['hello', S], [1, I], [-1, I]], S)).toBe(null)
    expect(run('SUBSTRING', [['hello', S], [null, I]], S)).toBe(null)
    expect(run('SUBSTRING', [['hello', S], [2, T.bigint()]], S)).toBe('ello')
  })
})

describe('case, trim, pad', () => {
  it('UPPER, LOWER, INITCAP', () => {
    expect(run('UPPER', [['aBc', S]], S)).toBe('ABC')
    expect(run('LOWER', [['aBc', S]], S)).toBe('abc')
    expect(run('INITCAP', [['hello wORLD-foo 1st', S]], S)).toBe('Hello World-Foo 1st')
  })

  it('TRIM with sides and characters', () => {
    const t = (side: string, chars: string, s: string): unknown => runMixed('TRIM', [lit(side, S), lit(chars, S), [s, S]], S)
    expect(t('BOTH', ' ', '  a b  ')).toBe('a b')
    expect(t('LEADING', ' ', '  a  ')).toBe('a  ')
    expect(t('TRAILING', ' ', '  a  ')).toBe('  a')
    expect(t('BOTH', 'xy', 'xyaxyx')).toBe('a')
    expect(t('BOTH', ' ', '\ta\t')).toBe('\ta\t')
    expect(run('LTRIM', [['  a  ', S]], S)).toBe('a  ')
    expect(run('RTRIM', [['  a  ', S]], S)).toBe('  a')
    expect(run('BTRIM', [['xxaxx', S], ['x', S]], S)).toBe('a')
  })

  it('LPAD / RPAD truncate when shorter and give NULL for a negative length or empty pad', () => {
    expect(run('LPAD', [['hi', S], [5, I], ['xy', S]], S)).toBe('xyxhi')
    expect(run('RPAD', [['hi', S], [5, I], ['xy', S]], S)).toBe('hixyx')
    expect(run('LPAD', [['hello', S], [2, I], ['x', S]], S)).toBe('he')
    expect(run('RPAD', [['hello', S], [2, I], ['x', S]], S)).toBe('he')
    expect(run('LPAD', [['hi', S], [-1, I], ['x', S]], S)).toBe(null)
    expect(run('RPAD', [['hi', S], [4, I], ['', S]], S)).toBe(null)
    expect(run('LPAD', [['hi', S], [0, I], ['x', S]], S)).toBe('')
  })
})

describe('search and replace', () => {
  it('REPLACE, REPEAT, REVERSE, LEFT, RIGHT', () => {
    expect(run('REPLACE', [['a.b.c', S], ['.', S], ['--', S]], S)).toBe('a--b--c')
    expect(run('REPLACE', [['abc', S], ['', S], ['x', S]], S)).toBe('xaxbxcx')
    expect(run('REPEAT', [['ab', S], [3, I]], S)).toBe('ababab')
    expect(run('REPEAT', [['ab', S], [-1, I]], S)).toBe('')
    expect(run('REVERSE', [['abc', S]], S)).toBe('cba')
    expect(run('LEFT', [['abc', S], [2, I]], S)).toBe('ab')
    expect(run('RIGHT', [['abc', S], [2, I]], S)).toBe('bc')
    expect(run('LEFT', [['abc', S], [-2, I]], S)).toBe('')
  })

  it('POSITION, LOCATE, INSTR, CHAR_LENGTH, ASCII, CHR', () => {
    expect(run('POSITION', [['lo', S], ['hello', S]], I)).toBe(4)
    expect(run('POSITION', [['z', S], ['hello', S]], I)).toBe(0)
    expect(run('POSITION', [['', S], ['hello', S]], I)).toBe(1)
    expect(run('LOCATE', [['l', S], ['hello', S], [4, I]], I)).toBe(4)
    expect(run('LOCATE', [['l', S], ['hello', S]], I)).toBe(3)
    expect(run('INSTR', [['hello', S], ['ll', S]], I)).toBe(3)
    expect(run('CHAR_LENGTH', [['héllo', S]], I)).toBe(5)
    expect(run('CHAR_LENGTH', [['a😀b', S]], I)).toBe(3)
    expect(run('REVERSE', [['a😀b', S]], S)).toBe('b😀a')
    expect(run('ASCII', [['A', S]], I)).toBe(65)
    expect(run('ASCII', [['', S]], I)).toBe(0)
    expect(run('CHR', [[65, I]], S)).toBe('A')
    expect(run('CHR', [[321, I]], S)).toBe('A')
  })

  it('SPLIT_INDEX is 0-based and NULL out of range', () => {
    expect(run('SPLIT_INDEX', [['a,b,c', S], [',', S], [1, I]], S)).toBe('b')
    expect(run('SPLIT_INDEX', [['a,b,c', S], [',', S], [3, I]], S)).toBe(null)
    expect(run('SPLIT_INDEX', [['a,b,c', S], [',', S], [-1, I]], S)).toBe(null)
    expect(run('SPLIT_INDEX', [['a,,c', S], [',', S], [1, I]], S)).toBe('')
    expect(run('SPLIT_INDEX', [['a::b', S], ['::', S], [1, I]], S)).toBe('b')
  })

  it('hashes and base64', () => {
    expect(run('MD5', [['abc', S]], S)).toBe('900150983cd24fb0d6963f7d28e17f72')
    expect(run('SHA1', [['abc', S]], S)).toBe('a9993e364706816aba3e25717850c26c9cd0d89d')
    expect(run('SHA256', [['abc', S]], S)).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad')
    expect(run('TO_BASE64', [['hello', S]], S)).toBe('aGVsbG8=')
    expect(run('FROM_BASE64', [['aGVsbG8=', S]], T.bytes())).toEqual(new TextEncoder().encode('hello'))
    expect(() => run('FROM_BASE64', [['a$', S]], T.bytes())).toThrow(/FROM_BASE64/)
  })

  it('STR_TO_MAP', () => {
    expect(run('STR_TO_MAP', [['a=1,b=2,c', S]], T.map(S, S))).toEqual(new Map([['a', '1'], ['b', '2'], ['c', null]]))
    expect(run('STR_TO_MAP', [['a:1;b:2', S], [';', S], [':', S]], T.map(S, S))).toEqual(new Map([['a', '1'], ['b', '2']]))
    expect(run('STR_TO_MAP', [['', S]], T.map(S, S))).toEqual(new Map())
  })

  it('HASH_CODE of a string is Java String.hashCode', () => {
    expect(run('HASH_CODE', [['hello', S]], I)).toBe(99162322)
  })
})

describe('LIKE and SIMILAR TO', () => {
  const like = (s: string, p: string, esc?: string): unknown =>
    runMixed('LIKE', esc === undefined ? [[s, S], lit(p, S)] : [[s, S], lit(p, S), lit(esc, S)], T.bool())
  const dyn = (s: string, p: string): unknown => run('LIKE', [[s, S], [p, S]], T.bool())

  it.each([
    ['abc', 'abc', true],
    ['abc', 'ab', false],
    ['abc', 'a%', true],
    ['abc', '%c', true],
    ['abc', '%b%', true],
    ['abc', 'a_c', true],
    ['abc', '_', false],
    ['', '%', true],
    ['a.c', 'a.c', true],
    ['abc', 'a.c', false],
    ['a\nc', 'a_c', true],
    ['a(b)*', 'a(b)*', true],
    ['100%', '100%', true],
  ] as const)('%j LIKE %j = %s', (s, p, r) => {
    expect(like(s, p)).toBe(r)
    expect(dyn(s, p)).toBe(r)
  })

  it('ESCAPE', () => {
    expect(like('100%', '100!%', '!')).toBe(true)
    expect(like('1000', '100!%', '!')).toBe(false)
    expect(like('a_b', 'a\\_b', '\\')).toBe(true)
    expect(like('axb', 'a\\_b', '\\')).toBe(false)
    expect(() => like('a', 'a!x', '!')).toThrow(/escape/)
  })

  it('NULL operands give NULL', () => {
    expect(run('LIKE', [[null, S], ['a', S]], T.bool())).toBe(null)
  })

  it('SIMILAR TO', () => {
    const sim = (s: string, p: string): unknown => runMixed('SIMILAR TO', [[s, S], lit(p, S)], T.bool())
    expect(sim('abc', 'abc')).toBe(true)
    expect(sim('abc', '(a|x)%')).toBe(true)
    expect(sim('abc', '[a-c]*')).toBe(true)
    expect(sim('abd', 'ab[c]')).toBe(false)
    expect(sim('a.c', 'a.c')).toBe(true)
    expect(sim('abc', 'a.c')).toBe(false)
  })
})

describe('regular expressions (Java syntax)', () => {
  it('REGEXP_EXTRACT: group 0 by default, NULL when nothing matches or the group is out of range', () => {
    expect(run('REGEXP_EXTRACT', [['foothebar', S], ['foo(.*?)(bar)', S], [2, I]], S)).toBe('bar')
    expect(run('REGEXP_EXTRACT', [['foothebar', S], ['foo(.*?)(bar)', S]], S)).toBe('foothebar')
    expect(runMixed('REGEXP_EXTRACT', [['foothebar', S], lit('foo(.*?)(bar)', S), [1, I]], S)).toBe('the')
    expect(run('REGEXP_EXTRACT', [['abc', S], ['x(y)', S], [1, I]], S)).toBe(null)
    expect(run('REGEXP_EXTRACT', [['abc', S], ['a(b)', S], [5, I]], S)).toBe(null)
    expect(run('REGEXP_EXTRACT', [['abc', S], ['(', S], [0, I]], S)).toBe(null)
  })

  it('REGEXP_REPLACE replaces every match with literal text', () => {
    expect(run('REGEXP_REPLACE', [['foobar', S], ['oo|ar', S], ['', S]], S)).toBe('fb')
    expect(runMixed('REGEXP_REPLACE', [['a1b22', S], lit('\\d+', S), ['#', S]], S)).toBe('a#b#')
    expect(run('REGEXP_REPLACE', [['ab', S], ['(a)', S], ['$1$1', S]], S)).toBe('$1$1b')
    expect(run('REGEXP_REPLACE', [['ab', S], ['[', S], ['x', S]], S)).toBe(null)
  })

  it('REGEXP finds a match anywhere; an empty pattern is FALSE', () => {
    expect(run('REGEXP', [['k1=v1;k2=v2', S], ['k2=\\w+', S]], T.bool())).toBe(true)
    expect(runMixed('REGEXP', [['abc', S], lit('^b', S)], T.bool())).toBe(false)
    expect(run('REGEXP', [['abc', S], ['', S]], T.bool())).toBe(false)
    expect(run('REGEXP', [['ABC', S], ['(?i)abc', S]], T.bool())).toBe(true)
  })

  it('translates Java-only syntax', () => {
    expect(translateJavaRegex('a++b*+c?+(?>x)').source).toBe('a+b*c?(?:x)')
    expect(translateJavaRegex('a*?b+?').source).toBe('a*?b+?')
    expect(translateJavaRegex('(?i)abc').flags).toBe('i')
    expect(translateJavaRegex('\\p{Alpha}+[\\p{Digit}x]').source).toBe('[a-zA-Z]+[0-9x]')
    expect(translateJavaRegex('\\Qa.b\\E.').source).toBe('a\\.b.')
    expect(new RegExp(translateJavaRegex('\\Aab\\z').source).test('ab')).toBe(true)
    expect(new RegExp(translateJavaRegex('\\Aab\\z').source).test('xab')).toBe(false)
  })
})

describe('misc', () => {
  it('UUID is random and well-formed', () => {
    const a = runLit('UUID', [], T.char(36, false)) as string
    expect(a).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/)
  })

  it('TYPEOF names the operand type', () => {
    expect(run('TYPEOF', [[1, T.int(false)]], T.string(false))).toBe('INT NOT NULL')
    expect(run('TYPEOF', [['x', T.varchar(10)]], T.string(false))).toBe('VARCHAR(10)')
  })
})
