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
export function composeInvitation(
  channel: Channel,
  language: Language,
  timepoint: Timepoint,
  link: string,
  closesAt: Date,
  zone: string,
): ComposedMessage {
  const closes = DateTime.fromJSDate(closesAt, { zone }).minus({ milliseconds: 1 }).setLocale(language).toLocaleString(DateTime.DATE_FULL);
  const preOp = timepoint === 'baseline';
  if (language === 'es') {
    const subject = preOp ? 'Una breve encuesta antes de su cirugía' : '¿Cómo se encuentra después de su cirugía?';
    if (channel === 'sms') return { subject, body: `Su equipo de columna le pide una encuesta de 2 minutos: ${link} (hasta el ${closes})` };
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
      ].join('\n'),
    };
  }
  const subject = preOp ? 'A short survey before your surgery' : 'How are you doing after your surgery?';
  if (channel === 'sms') return { subject, body: `Your spine care team asks for a 2-minute survey: ${link} (open until ${closes})` };
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
    ].join('\n'),
  };
}
