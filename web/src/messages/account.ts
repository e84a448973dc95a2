/** The signed-in user's own account: changing the password. */
export const id = {
  accountPasswordLink: 'Ganti kata sandi',
  passwordTitle: 'Ganti kata sandi',
  passwordIntro:
    'Sesudah diganti, sesi Anda di perangkat lain berakhir. Pakai minimal 10 karakter: beberapa kata yang tidak umum, bukan nama atau nama pengguna Anda.',
  passwordForcedIntro:
    'Admin mengatur ulang kata sandi Anda. Ganti kata sandi sementara itu dengan kata sandi Anda sendiri untuk melanjutkan.',
  passwordCurrent: 'Kata sandi saat ini',
  passwordNew: 'Kata sandi baru',
  passwordRepeat: 'Ulangi kata sandi baru',
  passwordMismatch: 'Kedua kata sandi baru tidak sama.',
  passwordSave: 'Simpan kata sandi',
  passwordSaving: 'Menyimpan…',
  passwordChanged: 'Kata sandi diganti. Sesi Anda di perangkat lain telah berakhir.',
};

export const en: typeof id = {
  accountPasswordLink: 'Change password',
  passwordTitle: 'Change password',
  passwordIntro:
    'Once changed, your sessions on other devices end. Use at least 10 characters: a few uncommon words, not your name or username.',
  passwordForcedIntro:
    'An administrator reset your password. Replace that temporary password with your own to continue.',
  passwordCurrent: 'Current password',
  passwordNew: 'New password',
  passwordRepeat: 'Repeat the new password',
  passwordMismatch: 'The two new passwords differ.',
  passwordSave: 'Save password',
  passwordSaving: 'Saving…',
  passwordChanged: 'Password changed. Your sessions on other devices have ended.',
};
