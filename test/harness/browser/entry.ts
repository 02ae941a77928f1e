// Harness entry: install the HTTP window.neo first, then start the real renderer.
import './bridge';
import '../../../renderer/src/main';
