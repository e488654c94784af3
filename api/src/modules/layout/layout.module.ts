import { Module } from '@nestjs/common';
import { AccountsModule } from '../accounts/accounts.module.js';
import { LayoutController } from './layout.controller.js';
import { LayoutService } from './layout.service.js';

@Module({
  imports: [AccountsModule],
  controllers: [LayoutController],
  providers: [LayoutService],
})
export class LayoutModule {}
