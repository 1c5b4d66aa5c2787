import { DateTime } from 'luxon';
import type { Channel, Language, Timepoint } from '@stride/contracts';

export interface ComposedMessage {
  subject: string;
  body: string;
}

/**
 * The words a patient receives. They carry no PHI: no name, no MRN, no diagnosis, nothing a
 * person reading over a shoulder or a mail provider could tie to a condition. Only the link.
 */
export interface MessageLinks {
  survey: string;
  /** A page where the patient confirms they want no more surveys. */
  optOut: string;
}

export function composeInvitation(
  channel: Channel,
  language: Language,
  timepoint: Timepoint,
  links: MessageLinks,
  closesAt: Date,
  zone: string,
  reminder = false,
): ComposedMessage {
  const link = links.survey;
  const closes = DateTime.fromJSDate(closesAt, { zone }).minus({ milliseconds: 1 }).setLocale(language).toLocaleString(DateTime.DATE_FULL);
  const preOp = timepoint === 'baseline';
  if (language === 'es') {
    const base = preOp ? 'Una breve encuesta antes de su cirugía' : '¿Cómo se encuentra después de su cirugía?';
    const subject = reminder ? `Recordatorio: ${base.charAt(0).toLowerCase()}${base.slice(1)}` : base;
    if (channel === 'sms') {
      return { subject, body: `Su equipo de columna le pide una encuesta de 2 minutos: ${link} (hasta el ${closes}). No recibir más: ${links.optOut}` };
    }
    return {
      subject,
      body: [
        'Hola:',
        '',
        preOp
          ? 'Su equipo de cirugía de columna quiere saber cómo se encuentra antes de la operación.'
          : 'Su equipo de cirugía de columna quiere saber cómo se encuentra desde la operación.',
        'La encuesta dura unos 2 minutos:',
        '',
        link,
        '',
        `El enlace es personal; por favor, no lo reenvíe. Estará abierto hasta el ${closes}.`,
        '',
        'Gracias.',
        '',
        `Si no desea recibir más encuestas: ${links.optOut}`,
      ].join('\n'),
    };
  }
  const base = preOp ? 'A short survey before your surgery' : 'How are you doing after your surgery?';
  const subject = reminder ? `Reminder: ${base.charAt(0).toLowerCase()}${base.slice(1)}` : base;
  if (channel === 'sms') {
    return { subject, body: `Your spine care team asks for a 2-minute survey: ${link} (open until ${closes}). Stop surveys: ${links.optOut}` };
  }
  return {
    subject,
    body: [
      'Hello,',
      '',
      preOp
        ? 'Your spine surgery team would like to know how you are doing before your operation.'
        : 'Your spine surgery team would like to know how you have been doing since your operation.',
      'The survey takes about 2 minutes:',
      '',
      link,
      '',
      `The link is personal; please do not forward it. It is open until ${closes}.`,
      '',
      'Thank you.',
      '',
      `To stop receiving these surveys: ${links.optOut}`,
    ].join('\n'),
  };
}
