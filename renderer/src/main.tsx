import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import './i18n';
import './styles.css';
import { App } from './App';

// Rendering on import lets the Electron page and the browser harness share this entry.
const container = document.getElementById('root');
if (!container) throw new Error('Neo Kurs: #root is missing from the page');
createRoot(container).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
