import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { OutboundMessageEntity } from './outbound-message.entity';
import { DeliveryService } from './delivery.service';
import { MessagesService } from './messages.service';

@Module({
  imports: [TypeOrmModule.forFeature([OutboundMessageEntity])],
  providers: [DeliveryService, MessagesService],
  exports: [DeliveryService, MessagesService],
})
export class MessagingModule {}
