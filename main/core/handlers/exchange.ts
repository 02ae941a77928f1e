import type { HandlersOf } from '../dispatcher';
import type { SessionAccess } from '../open-session';

export const exchangeHandlers = (session: SessionAccess): HandlersOf<'exchange'> => ({
  'exchange:identity': () => session().exchange.identity(),
  'exchange:setRole': ({ role, deviceName }) => session().exchange.setRole(role, deviceName),
  'exchange:keyFile': () => session().exchange.keyFile(),
  'exchange:readKeyFile': ({ file }) => session().exchange.readKeyFile(file),
  'exchange:addPeer': ({ file, fingerprint }) => session().exchange.addPeer(file, fingerprint),
  'exchange:peers': () => session().exchange.peers(),
  'exchange:export': (input) => session().exchange.exportBatch(input),
  'exchange:inspect': ({ files }) => session().exchange.inspect(files),
  'exchange:approveDevice': ({ files, deviceId, fingerprint }) => session().exchange.approveDevice(files, deviceId, fingerprint),
  'exchange:apply': ({ files, batchId }) => session().exchange.apply(files, batchId),
  'exchange:receipt': ({ deviceId, folderId }) => session().exchange.receipt(deviceId, folderId),
  'exchange:importReceipt': ({ files }) => session().exchange.importReceipt(files),
  'exchange:history': () => session().exchange.history(),
});
