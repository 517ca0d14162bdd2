import ExtensionIcon from '@mui/icons-material/Extension';
import type { Plugin } from '../../types';
import { PluginList } from './PluginList';

export default {
  list: PluginList,
  icon: ExtensionIcon,
  recordRepresentation: (plugin: Plugin) => plugin.name,
};
