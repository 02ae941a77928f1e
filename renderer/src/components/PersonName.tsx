import { Fragment } from 'react';
import type { ReactNode } from 'react';

/**
 * A person's name on screen, isolated: a name in a right-to-left script, or
 * one stored with a stray direction mark before the schemas refused it, never
 * reorders the text around it. The class lets long names wrap anywhere instead
 * of widening a list (see styles.css).
 *
 * `<span dir="auto">` is what `<bdi>` is (its own direction, isolated: the
 * HTML user-agent style gives every [dir] element `unicode-bidi: isolate`),
 * as one inline element: accessible names stay "Nordmann, Kari" in every
 * accessibility tree, test DOMs included.
 */
export function PersonName({
  firstName,
  lastName,
  order = 'lastFirst',
}: {
  firstName: string;
  lastName: string;
  /** Lists show "Etternavn, Fornavn"; sentences and titles "Fornavn Etternavn". */
  order?: 'lastFirst' | 'firstLast';
}) {
  return (
    <span dir="auto" className="person-name">
      {order === 'lastFirst' ? `${lastName}, ${firstName}` : `${firstName} ${lastName}`}
    </span>
  );
}

/** Stands for the name in a translated sentence, to be replaced by an isolated element (no translation contains it). */
export const NAME_SLOT = '\u0000name\u0000';

/**
 * A translated sentence with the name isolated inside it:
 * `withName(t('overview.participantTitle', { name: NAME_SLOT }), <PersonName … />)`.
 * The sentence's accessible text is unchanged: the isolating element adds no characters.
 */
export function withName(text: string, name: ReactNode): ReactNode {
  const parts = text.split(NAME_SLOT);
  return parts.map((part, i) => (
    <Fragment key={i}>
      {i > 0 && name}
      {part}
    </Fragment>
  ));
}
