import { CreateAccounts1767000000000 } from './1767000000000-CreateAccounts.js';
import { CreateSpacesAndMessages1767100000000 } from './1767100000000-CreateSpacesAndMessages.js';
import { CreateStories1767200000000 } from './1767200000000-CreateStories.js';
import { CreateEventsAndNotifications1767300000000 } from './1767300000000-CreateEventsAndNotifications.js';
import { CreateModeration1767400000000 } from './1767400000000-CreateModeration.js';
import { SeedCrisisResources1767400000001 } from './1767400000001-SeedCrisisResources.js';
import { CreateOrganizationsAndResources1795984836934 } from './1795984836934-CreateOrganizationsAndResources.js';
import { CreateHsdsDocuments1795984937083 } from './1795984937083-CreateHsdsDocuments.js';
import { CreateSpaceBans1795985071050 } from './1795985071050-CreateSpaceBans.js';
import { AddUsernameSkeletons1795985277981 } from './1795985277981-AddUsernameSkeletons.js';
import { CreateSearchDocuments1795988281117 } from './1795988281117-CreateSearchDocuments.js';
import { LinkEventsToOrganizations1795988731035 } from './1795988731035-LinkEventsToOrganizations.js';
import { CreateSearchOutbox1795989386722 } from './1795989386722-CreateSearchOutbox.js';
import { IndexStoryListing1795989603808 } from './1795989603808-IndexStoryListing.js';
import { CreateFirstSteps1795996711810 } from './1795996711810-CreateFirstSteps.js';
import { IndexListsForPaging1795996743787 } from './1795996743787-IndexListsForPaging.js';
import { IndexDirectoryForSearch1795997248829 } from './1795997248829-IndexDirectoryForSearch.js';
import { SmallSearchPendingLists1795997265856 } from './1795997265856-SmallSearchPendingLists.js';
import { AddRoleToModerationActions1795996737789 } from './1795996737789-AddRoleToModerationActions.js';
import { SeedHousingEmergencyLines1795998249925 } from './1795998249925-SeedHousingEmergencyLines.js';
import { AssignPublicEventsToOrganizations1795996783476 } from './1795996783476-AssignPublicEventsToOrganizations.js';
import { CreateConversations1795990000000 } from './1795990000000-CreateConversations.js';
import { CreateMentoring1795996696369 } from './1795996696369-CreateMentoring.js';
import { CreateMentorsCircle1795996900880 } from './1795996900880-CreateMentorsCircle.js';
import { CreateNotificationPipeline1795990000000 } from './1795990000000-CreateNotificationPipeline.js';
import { CreatePushSubscriptions1795990100000 } from './1795990100000-CreatePushSubscriptions.js';
import { CreateSearchWords1796008466122 } from './1796008466122-CreateSearchWords.js';
import { PruneSearchWords1796019000000 } from './1796019000000-PruneSearchWords.js';
import { ReindexSpacesOnTextChanges1796020000000 } from './1796020000000-ReindexSpacesOnTextChanges.js';
import { IndexOpenNowInUtc1796007505579 } from './1796007505579-IndexOpenNowInUtc.js';
import { IndexNotificationAuthors1796002131362 } from './1796002131362-IndexNotificationAuthors.js';
import { UnifyOrganizationMentors1796007012835 } from './1796007012835-UnifyOrganizationMentors.js';
import { AddEventFormatMaterialsFeedback1796010000000 } from './1796010000000-AddEventFormatMaterialsFeedback.js';
import { CreateExpertContributions1796006925809 } from './1796006925809-CreateExpertContributions.js';
import { NamePushDevices1796007136471 } from './1796007136471-NamePushDevices.js';
import { CreateEventRegistrations1796007002743 } from './1796007002743-CreateEventRegistrations.js';
import { CreateHandbookEditions1796006995984 } from './1796006995984-CreateHandbookEditions.js';
import { CountStoryComments1796030000000 } from './1796030000000-CountStoryComments.js';
import { IndexEventWindows1796031000000 } from './1796031000000-IndexEventWindows.js';
import { IndexMessagesAfterTheSend1796032000000 } from './1796032000000-IndexMessagesAfterTheSend.js';
import { IndexEveryMessageListeners1796033000000 } from './1796033000000-IndexEveryMessageListeners.js';
import { CreateNotificationEmails1796012000000 } from './1796012000000-CreateNotificationEmails.js';

/** Every migration, oldest first. TypeORM runs the ones a database has not seen yet. */
export const migrations = [
  CreateAccounts1767000000000,
  CreateSpacesAndMessages1767100000000,
  CreateStories1767200000000,
  CreateEventsAndNotifications1767300000000,
  CreateModeration1767400000000,
  SeedCrisisResources1767400000001,
  CreateOrganizationsAndResources1795984836934,
  CreateHsdsDocuments1795984937083,
  CreateSpaceBans1795985071050,
  AddUsernameSkeletons1795985277981,
  CreateSearchDocuments1795988281117,
  LinkEventsToOrganizations1795988731035,
  CreateSearchOutbox1795989386722,
  IndexStoryListing1795989603808,
  CreateFirstSteps1795996711810,
  IndexListsForPaging1795996743787,
  IndexDirectoryForSearch1795997248829,
  SmallSearchPendingLists1795997265856,
  AddRoleToModerationActions1795996737789,
  SeedHousingEmergencyLines1795998249925,
  AssignPublicEventsToOrganizations1795996783476,
  CreateConversations1795990000000,
  CreateMentoring1795996696369,
  CreateMentorsCircle1795996900880,
  CreateNotificationPipeline1795990000000,
  CreatePushSubscriptions1795990100000,
  IndexNotificationAuthors1796002131362,
  UnifyOrganizationMentors1796007012835,
  IndexOpenNowInUtc1796007505579,
  CreateSearchWords1796008466122,
  AddEventFormatMaterialsFeedback1796010000000,
  CreateExpertContributions1796006925809,
  NamePushDevices1796007136471,
  CreateEventRegistrations1796007002743,
  CreateHandbookEditions1796006995984,
  PruneSearchWords1796019000000,
  ReindexSpacesOnTextChanges1796020000000,
  CreateNotificationEmails1796012000000,
  CountStoryComments1796030000000,
  IndexEventWindows1796031000000,
  IndexMessagesAfterTheSend1796032000000,
  IndexEveryMessageListeners1796033000000,
];
