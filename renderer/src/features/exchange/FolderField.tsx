import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ChosenFolder } from '@contract/platform';
import { TextField } from '../../components/fields';
import { Notice } from '../../components/Notice';
import { validationText } from '../../i18n';
import { canChooseFolder, canTypeFolder, chooseFolder, typedFolder } from '../../platform';

/** A folder picked in the desktop app's dialog, or (development harness only) a typed path. */
export interface FolderValue {
  folder: ChosenFolder | null;
  typedPath: string;
}

export const noFolder: FolderValue = { folder: null, typedPath: '' };

/**
 * The folder a file is written to, granted now: the one picked, or the typed
 * path granted by the harness. Returns the folder, or why there is none.
 */
export async function grantFolder(value: FolderValue): Promise<{ folder: ChosenFolder } | { error: string }> {
  if (value.folder) return { folder: value.folder };
  if (canTypeFolder() && value.typedPath.trim() !== '') {
    const granted = await typedFolder(value.typedPath.trim());
    if (granted.ok && granted.folder) return { folder: granted.folder };
    return { error: granted.ok ? validationText('folderRequired') : (granted.message ?? validationText('folderRequired')) };
  }
  return { error: validationText('folderRequired') };
}

/** The folder control: the picker's button and the chosen folder, or a path field in the harness. */
export function FolderField({
  id,
  value,
  onValue,
  error,
  onError,
}: {
  id: string;
  value: FolderValue;
  onValue: (value: FolderValue) => void;
  error: string | null;
  onError: (error: string | null) => void;
}) {
  const { t } = useTranslation();
  const [picking, setPicking] = useState(false);

  const pick = async () => {
    if (picking) return;
    setPicking(true);
    const choice = await chooseFolder(t('exchange.chooseFolderTitle'));
    setPicking(false);
    if (!choice.ok) onError(t('exchange.chooseFolderFailed'));
    else if (choice.folder !== null) {
      onValue({ folder: choice.folder, typedPath: '' });
      onError(null);
    }
  };

  if (canChooseFolder()) {
    return (
      <div className="exchange__folder">
        <div className={error ? 'field field--invalid' : 'field'}>
          <span className="field__label" id={`${id}-label`}>
            {t('exchange.folder')}
          </span>
          <p className="exchange__folder-path" aria-labelledby={`${id}-label`} aria-describedby={`${id}-hint`}>
            {value.folder ? <bdi>{value.folder.label}</bdi> : <span className="muted">{t('exchange.noFolder')}</span>}
          </p>
          <p id={`${id}-hint`} className="field__hint">
            {t('exchange.folderHintPicker')}
          </p>
          {error && (
            <p className="field__error" role="alert">
              {error}
            </p>
          )}
        </div>
        <button id={id} type="button" className="button" disabled={picking} aria-busy={picking} onClick={() => void pick()}>
          {t('exchange.chooseFolder')}
        </button>
      </div>
    );
  }
  if (canTypeFolder()) {
    return (
      <TextField
        id={id}
        label={t('exchange.folder')}
        value={value.typedPath}
        onValue={(typedPath) => {
          onValue({ folder: null, typedPath });
          onError(null);
        }}
        error={error ?? undefined}
        hint={t('exchange.folderHintTyped')}
        spellCheck={false}
        autoComplete="off"
      />
    );
  }
  return <Notice kind="info">{t('exchange.noFolderPicker')}</Notice>;
}
