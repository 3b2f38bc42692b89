import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { RichMessage } from '../../i18n/rich-message';
import { rememberReturnPath } from '../../lib/sign-in-return';

/**
 * Shown when the BFF answers 401: the session cookie is missing, and only the start-up link sets
 * it. The view asked for is remembered, so that signing in comes back to it (a shared link).
 */
export function SignInRequired() {
  const { t } = useTranslation();
  const { origin, pathname, search, hash } = window.location;
  const view = `${pathname}${search}${hash}`;
  useEffect(() => rememberReturnPath(view), [view]);
  return (
    <div className="state state--signin" role="alert">
      <h2 className="state__title">{t('feedback.signInTitle')}</h2>
      <p>
        <RichMessage
          i18nKey="feedback.signInBody"
          values={{ origin }}
          components={{ link: <code />, command: <code /> }}
        />
      </p>
      <p className="muted">{t('feedback.signInCookie')}</p>
    </div>
  );
}
