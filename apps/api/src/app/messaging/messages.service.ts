import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import type { OutboundMessageView } from '@stride/contracts';
import { OutboundMessageEntity } from './outbound-message.entity';
import { AuditService } from '../audit/audit.service';
import type { Caller } from '../auth/caller';

const LINK = /https?:\/\/\S+\/s\/[A-Za-z0-9_-]{43}/;

export function toOutboundMessageView(message: OutboundMessageEntity): OutboundMessageView {
  return {
    id: message.id,
    invitationId: message.invitationId,
    channel: message.channel,
    recipient: message.recipient,
    subject: message.subject,
    body: message.body,
    link: LINK.exec(message.body)?.[0] ?? null,
    status: message.status,
    kind: message.kind,
    error: message.error,
    createdAt: message.createdAt.toISOString(),
    sentAt: message.sentAt?.toISOString() ?? null,
  };
}

@Injectable()
export class MessagesService {
  constructor(
    @InjectRepository(OutboundMessageEntity) private readonly messages: Repository<OutboundMessageEntity>,
    private readonly audit: AuditService,
  ) {}

  async latest(caller: Caller, limit = 200): Promise<OutboundMessageView[]> {
    const rows = await this.messages.find({ order: { createdAt: 'DESC' }, take: limit });
    await this.audit.record(caller, { action: 'message.list', entityType: 'outbound_message', detail: { count: rows.length } });
    return rows.map(toOutboundMessageView);
  }
}
