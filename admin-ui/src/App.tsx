import { Admin, Resource } from 'react-admin';
import { authProvider } from './authProvider';
import { Dashboard } from './dashboard/Dashboard';
import { dataProvider } from './dataProvider';
import { i18nProvider } from './i18n';
import { Layout } from './layout/Layout';
import { pluginResources } from './plugins';
import apiKeys from './resources/api-keys';
import events from './resources/events';
import jobs from './resources/jobs';
import plugins from './resources/plugins';
import auditLog from './resources/privacy/audit';
import tenants from './resources/tenants';
import users from './resources/users';
import { theme } from './theme';

export function App() {
  return (
    <Admin
      title="Lockstep"
      disableTelemetry
      requireAuth
      dataProvider={dataProvider}
      authProvider={authProvider}
      i18nProvider={i18nProvider}
      dashboard={Dashboard}
      layout={Layout}
      theme={theme}
    >
      <Resource name="tenants" {...tenants} />
      <Resource name="users" {...users} />
      <Resource name="api-keys" {...apiKeys} />
      <Resource name="plugins" {...plugins} />
      <Resource name="jobs" {...jobs} />
      <Resource name="events" {...events} />
      <Resource name="audit" {...auditLog} />
      {Object.entries(pluginResources).map(([name, resource]) => (
        <Resource key={name} name={name} {...resource} />
      ))}
    </Admin>
  );
}
