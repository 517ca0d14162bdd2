import { Can } from '@casl/react';
import { BooleanField } from 'react-admin';
import { PluginToggle } from './PluginToggle';

/** The toggle for users allowed to `toggle` Plugin; a read-only tick for the others. */
export function PluginEnabledField() {
  return (
    <>
      <Can I="toggle" a="Plugin">
        <PluginToggle />
      </Can>
      <Can not I="toggle" a="Plugin">
        <BooleanField source="enabled" />
      </Can>
    </>
  );
}
