import type { MenuItemConstructorOptions } from 'electron';

// The application menu. Windows and Linux get none: the interface has its own navigation, and
// Electron's default menu is English. macOS needs one for its keyboard shortcuts (copy, paste,
// quit), in French.

export function applicationMenuTemplate(platform: NodeJS.Platform): MenuItemConstructorOptions[] | null {
  if (platform !== 'darwin') return null;
  return [
    {
      label: 'Bureau',
      submenu: [
        { role: 'about', label: 'À propos de Bureau' },
        { type: 'separator' },
        { role: 'hide', label: 'Masquer Bureau' },
        { role: 'hideOthers', label: 'Masquer les autres' },
        { role: 'unhide', label: 'Tout afficher' },
        { type: 'separator' },
        { role: 'quit', label: 'Quitter Bureau' },
      ],
    },
    {
      label: 'Édition',
      submenu: [
        { role: 'undo', label: 'Annuler' },
        { role: 'redo', label: 'Rétablir' },
        { type: 'separator' },
        { role: 'cut', label: 'Couper' },
        { role: 'copy', label: 'Copier' },
        { role: 'paste', label: 'Coller' },
        { role: 'selectAll', label: 'Tout sélectionner' },
      ],
    },
    {
      label: 'Fenêtre',
      submenu: [
        { role: 'minimize', label: 'Réduire' },
        { role: 'zoom', label: 'Agrandir' },
        { role: 'close', label: 'Fermer la fenêtre' },
      ],
    },
  ];
}
