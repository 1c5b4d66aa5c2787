import { DateTime } from 'luxon';
import type { Channel, ClinicIdentity, Language, Timepoint } from '@stride/contracts';
import { toGsm7 } from './sms-length';

export interface ComposedMessage {
  subject: string;
  body: string;
}

/**
 * The words a patient receives. They carry no PHI: no name, no MRN, no diagnosis, nothing a
 * person reading over a shoulder or a mail provider could tie to a condition. Only the link,
 * and who is asking: the clinic's name and the number to call (CLINIC_NAME, CLINIC_PHONE).
 */
export interface MessageLinks {
  survey: string;
  /** A page where the patient confirms they want no more surveys. */
  optOut: string;
}

export interface InvitationMessage {
  channel: Channel;
  language: Language;
  timepoint: Timepoint;
  links: MessageLinks;
  closesAt: Date;
  zone: string;
  reminder: boolean;
}

/**
 * The most segments an invitation or reminder SMS may cost (issue #11): one in English, two in
 * Spanish. Config refuses a CLINIC_NAME, CLINIC_PHONE and PUBLIC_BASE_URL that would not fit
 * (sms-budget.ts), so this holds for every message sent.
 */
export const SMS_MAX_SEGMENTS: Record<Language, number> = { en: 1, es: 2 };

export function composeInvitation(clinic: ClinicIdentity, message: InvitationMessage): ComposedMessage {
  const { channel, language, timepoint, links, reminder } = message;
  const link = links.survey;
  const closes = DateTime.fromJSDate(message.closesAt, { zone: message.zone })
    .minus({ milliseconds: 1 })
    .setLocale(language)
    .toLocaleString(DateTime.DATE_FULL);
  const preOp = timepoint === 'baseline';
  const { name, phone } = clinic;
  if (language === 'es') {
    const base = preOp ? 'Una breve encuesta antes de su cirugía' : '¿Cómo se encuentra después de su cirugía?';
    const subject = `${reminder ? `Recordatorio: ${base.charAt(0).toLowerCase()}${base.slice(1)}` : base} - ${name}`;
    if (channel === 'sms') {
      // Written in GSM-7 (no á, í, ó, ú): one such letter would make it UCS-2 and double its segments.
      const lead = reminder ? `Recordatorio de ${name}` : name;
      return { subject, body: sms(`${lead}: le pedimos una encuesta breve (2 min): ${link} Dudas: ${phone}. Responda STOP para darse de baja`) };
    }
    return {
      subject,
      body: [
        'Hola:',
        '',
        preOp
          ? `Su equipo de cirugía de columna de ${name} quiere saber cómo se encuentra antes de la operación.`
          : `Su equipo de cirugía de columna de ${name} quiere saber cómo se encuentra desde la operación.`,
        'La encuesta dura unos 2 minutos:',
        '',
        link,
        '',
        `El enlace es personal; por favor, no lo reenvíe. Estará abierto hasta el ${closes}.`,
        `Si tiene preguntas, llame a ${name} al ${phone}.`,
        '',
        'Gracias.',
        name,
        '',
        `Si no desea recibir más encuestas: ${links.optOut}`,
      ].join('\n'),
    };
  }
  const base = preOp ? 'A short survey before your surgery' : 'How are you doing after your surgery?';
  const subject = `${reminder ? `Reminder: ${base.charAt(0).toLowerCase()}${base.slice(1)}` : base} - ${name}`;
  if (channel === 'sms') {
    // Every character counts: one segment is 160, and the link alone takes about 70.
    return { subject, body: sms(`${name} ${reminder ? 'reminder' : 'survey'}: ${link} Questions: ${phone}. Reply STOP to end`) };
  }
  return {
    subject,
    body: [
      'Hello,',
      '',
      preOp
        ? `Your spine surgery team at ${name} would like to know how you are doing before your operation.`
        : `Your spine surgery team at ${name} would like to know how you have been doing since your operation.`,
      'The survey takes about 2 minutes:',
      '',
      link,
      '',
      `The link is personal; please do not forward it. It is open until ${closes}.`,
      `If you have questions, call ${name} at ${phone}.`,
      '',
      'Thank you.',
      name,
      '',
      `To stop receiving these surveys: ${links.optOut}`,
    ].join('\n'),
  };
}

export type SmsReplyKind = 'opted_out' | 'resubscribed' | 'help';

/**
 * The one reply to a keyword (CTIA / FCC: STOP and HELP must work, and a STOP is confirmed once).
 * In the patient's language; GSM-7, one segment in English.
 */
export function composeSmsReply(clinic: ClinicIdentity, kind: SmsReplyKind, language: Language): string {
  const { name, phone } = clinic;
  const es = language === 'es';
  switch (kind) {
    case 'opted_out':
      return sms(
        es
          ? `${name}: ya no le enviaremos encuestas. Para volver a recibirlas, responda START o llame al ${phone}.`
          : `${name}: you will get no more survey messages. To re-join, reply START or call ${phone}.`,
      );
    case 'resubscribed':
      return sms(
        es
          ? `${name}: vuelve a recibir nuestras encuestas de seguimiento. Responda STOP para darse de baja.`
          : `${name}: you are subscribed to follow-up surveys again. Reply STOP to end.`,
      );
    case 'help':
      return sms(
        es
          ? `Encuestas de seguimiento de ${name}. Dudas: llame al ${phone}. Responda STOP para darse de baja.`
          : `${name} follow-up surveys. Questions: call ${phone}. Reply STOP to end.`,
      );
  }
}

function sms(text: string): string {
  return toGsm7(text);
}
