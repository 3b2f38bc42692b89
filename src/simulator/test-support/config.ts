// Configuration test support for the BFF's and the simulator's loaders alike (they read the same
// key variables and report bad ones the same way). Here so that the simulator needs nothing from
// src/server.
import { expect } from 'vitest';
import { configOrMessages } from '../../shared/config/fields';

/** Live Huawei Cloud keys as the environment gives them, to both loaders. */
export const HUAWEI_KEYS_ENV = {
  HUAWEICLOUD_SDK_AK: 'AK123',
  HUAWEICLOUD_SDK_SK: 'secret-key-value',
  HUAWEICLOUD_REGION: 'eu-west-101',
  HUAWEICLOUD_SDK_PROJECT_ID: 'abc123',
};

/** The messages `load` refuses `env` with; none when it loads. */
export function configErrors(
  load: (env: NodeJS.ProcessEnv) => unknown,
  env: NodeJS.ProcessEnv,
): string[] {
  const read = configOrMessages(() => load(env));
  return read.ok ? [] : read.messages;
}

/**
 * Loads `badEnv`, every variable of it bad, and checks all are refused at once: one message each,
 * starting with the variable's name. Returns the messages.
 */
export function expectEveryVariableRefused(
  load: (env: NodeJS.ProcessEnv) => unknown,
  badEnv: Record<string, string>,
): string[] {
  const messages = configErrors(load, badEnv);
  const names = Object.keys(badEnv);
  expect(messages).toHaveLength(names.length);
  for (const name of names)
    expect(
      messages.some((message) => message.startsWith(`${name} `)),
      name,
    ).toBe(true);
  return messages;
}
