import { describe, expect, it } from '@jest/globals';
import { isDependencyUnavailable } from './dependency-unavailable.js';

const withCode = (code: string, message = 'x') => Object.assign(new Error(message), { code });

describe('isDependencyUnavailable', () => {
  it.each([
    ['a refused connection', withCode('ECONNREFUSED')],
    ['a reset connection', withCode('ECONNRESET')],
    [
      'a server shutting down (57P01)',
      withCode('57P01', 'terminating connection due to administrator command'),
    ],
    ['a server starting up (57P03)', withCode('57P03', 'the database system is starting up')],
    ['a connection exception (class 08)', withCode('08006')],
    ['too many connections', withCode('53300')],
    ['a connection dropped mid-query', new Error('Connection terminated unexpectedly')],
    ['the pool timing out', new Error('timeout exceeded when trying to connect')],
    ['a connect timeout', new Error('Connection terminated due to connection timeout')],
    [
      'a TypeORM-wrapped driver error',
      Object.assign(new Error('query failed'), { driverError: withCode('57P01') }),
    ],
    [
      'a transaction whose connection was lost (TypeORM released its runner)',
      Object.assign(new Error('Query runner already released'), {
        name: 'QueryRunnerAlreadyReleasedError',
      }),
    ],
    [
      "a raw query in a transaction whose connection was lost (the runner's connection released)",
      Object.assign(
        new Error('Database connection provided by a query runner was already released'),
        {
          name: 'QueryRunnerProviderAlreadyReleasedError',
        },
      ),
    ],
    ['a closed client', new Error('Client was closed and is not queryable')],
    ['an AggregateError of refusals', new AggregateError([withCode('ECONNREFUSED')], 'all failed')],
  ])('recognises %s', (_, error) => {
    expect(isDependencyUnavailable(error)).toBe(true);
  });

  it.each([
    ['a unique violation', withCode('23505', 'duplicate key value')],
    ['a syntax error', withCode('42601')],
    ['a plain bug', new TypeError('x is undefined')],
    ['nothing', undefined],
    ['a string', 'ECONNREFUSED'],
  ])('does not mistake %s for an outage', (_, error) => {
    expect(isDependencyUnavailable(error)).toBe(false);
  });
});
