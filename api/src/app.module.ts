import { Module, type DynamicModule } from '@nestjs/common';
import { EventEmitterModule } from '@nestjs/event-emitter';
import type { AppConfig } from './core/config/config.js';
import type { DatabaseHandle } from './core/database/database.js';
import { CoreModule } from './core/core.module.js';
import { AccountsModule } from './modules/accounts/accounts.module.js';
import { ChatModule } from './modules/chat/chat.module.js';
import { SpacesModule } from './modules/spaces/spaces.module.js';
import { StoriesModule } from './modules/stories/stories.module.js';
import { EventsModule } from './modules/events/events.module.js';
import { HandbookModule } from './modules/handbook/handbook.module.js';
import { NotificationsModule } from './modules/notifications/notifications.module.js';
import { ModerationModule } from './modules/moderation/moderation.module.js';
import { PrivacyModule } from './modules/privacy/privacy.module.js';
import { OrganizationsModule } from './modules/organizations/organizations.module.js';
import { ResourcesModule } from './modules/resources/resources.module.js';
import { HsdsModule } from './modules/hsds/hsds.module.js';
import { SearchModule } from './modules/search/search.module.js';
import { HomeModule } from './modules/home/home.module.js';
import { LayoutModule } from './modules/layout/layout.module.js';
import { PeopleModule } from './modules/people/people.module.js';
import { MentoringModule } from './modules/mentoring/mentoring.module.js';
import { ConversationsModule } from './modules/conversations/conversations.module.js';
import { CircleModule } from './modules/circle/circle.module.js';
import { ExpertsModule } from './modules/experts/experts.module.js';
import { RegistrationsModule } from './modules/registrations/registrations.module.js';

@Module({})
export class AppModule {
  static forRoot(config: AppConfig, database: DatabaseHandle): DynamicModule {
    return {
      module: AppModule,
      imports: [
        EventEmitterModule.forRoot(),
        CoreModule.forRoot(config, database),
        AccountsModule,
        SpacesModule,
        ChatModule,
        StoriesModule,
        NotificationsModule,
        EventsModule,
        HandbookModule,
        ModerationModule,
        PeopleModule,
        PrivacyModule,
        OrganizationsModule,
        ResourcesModule,
        HsdsModule,
        SearchModule.forRoot(config),
        HomeModule,
        LayoutModule,
        MentoringModule,
        ConversationsModule,
        CircleModule,
        ExpertsModule,
        RegistrationsModule,
      ],
    };
  }
}
