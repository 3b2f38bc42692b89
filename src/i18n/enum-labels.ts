// The localised label of each vendor enum value (src/shared/contracts/enums.ts), looked up by the
// value itself in the `enums` catalogue; an unknown value reads as itself.
import { useMemo } from 'react';
import type { Translate } from './i18n';
import { fixedTranslator, useLanguage } from './translator';

/** The enums with a label per value; each is a group of keys in the `enums` catalogue. */
export const ENUM_GROUPS = ['severity', 'scanStatus', 'imageType', 'pipelineType'] as const;
export type EnumGroup = (typeof ENUM_GROUPS)[number];

export type EnumLabel = (group: EnumGroup, value: string) => string;

export function enumLabeller(t: Translate, has: (key: string) => boolean): EnumLabel {
  return (group, value) => {
    const key = `${group}.${value}`;
    return value && has(key) ? t(key) : value;
  };
}

/** `label('severity', 'High')` → "High risk" / "高危". */
export function useEnumLabel(): EnumLabel {
  const { i18n, language } = useLanguage();
  return useMemo(
    () =>
      enumLabeller(fixedTranslator(i18n, language, 'enums') as Translate, (key) =>
        i18n.exists(key, { ns: 'enums', lng: language }),
      ),
    [i18n, language],
  );
}
