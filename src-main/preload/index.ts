import { contextBridge, ipcRenderer, webUtils } from 'electron';
import { createApi } from './api';

// The sandboxed preload (built to out/preload/index.cjs, CommonJS as sandboxed preloads must be):
// the page gets `window.api` and nothing else (style.md point 4).
contextBridge.exposeInMainWorld('api', createApi(ipcRenderer, webUtils));
