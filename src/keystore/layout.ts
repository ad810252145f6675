/** File names of the btcli wallet layout: `<root>/<wallet>/coldkey` and so on. */
export const COLDKEY_FILE = 'coldkey';
export const COLDKEYPUB_FILE = 'coldkeypub.txt';
export const HOTKEYS_DIR = 'hotkeys';

/** btwallet 4.x writes the public file of hotkey `<name>` as `hotkeys/<name>pub.txt`. */
export const HOTKEY_PUB_SUFFIX = 'pub.txt';
