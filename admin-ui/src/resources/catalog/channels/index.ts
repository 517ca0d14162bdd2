import DevicesIcon from '@mui/icons-material/Devices';
import type { Channel } from '../../../types';
import { ChannelCreate } from './ChannelCreate';
import { ChannelEdit } from './ChannelEdit';
import { ChannelList } from './ChannelList';

export default {
  list: ChannelList,
  create: ChannelCreate,
  edit: ChannelEdit,
  icon: DevicesIcon,
  recordRepresentation: (channel: Channel) => channel.name,
};
