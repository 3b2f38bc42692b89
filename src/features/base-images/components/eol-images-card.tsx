import type { CSSProperties } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router-dom';
import { PALETTE } from '../../../components/badges';
import { APP_ROUTES } from '../../../shared/contracts/facts';
import { useEndOfLifeImageCount } from '../api/get-base-images';
import '../base-images.css';

/** The overview's card: images (both lists) on an end-of-life base, leading to those bases. */
export function EndOfLifeImagesCard() {
  const { t } = useTranslation('baseImages');
  const [searchParams] = useSearchParams();
  const account = searchParams.get('account') ?? undefined;
  const count = useEndOfLifeImageCount(account);
  if (count.data === undefined) return null;
  const params = new URLSearchParams({ ...(account ? { account } : {}), eol: 'eol' });
  return (
    <section
      className="eol-card"
      style={{ '--eol-card-accent': PALETTE.high.accent } as CSSProperties}
      aria-labelledby="eol-card-title"
      data-testid="eol-images-card"
    >
      <h2 id="eol-card-title">{t('card.title')}</h2>
      <p>
        <strong className="eol-card__count">{t('card.count', { count: count.data })}</strong>{' '}
        <span className="muted">{t('card.detail')}</span>
      </p>
      <Link to={{ pathname: APP_ROUTES.baseImages, search: `?${params.toString()}` }}>
        {t('card.link')}
      </Link>
    </section>
  );
}
