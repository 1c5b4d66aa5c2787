import { Language, Timepoint } from '@stride/contracts';

/** The survey's own words (buttons, notices). The questions themselves come from the API. */
export interface SurveyText {
  brand: string;
  pageTitle: string;
  timepointHeading: Record<Timepoint, string>;
  intro: string;
  questionOf: (n: number, total: number) => string;
  required: string;
  invalid: string;
  missingSummary: string;
  submit: string;
  submitting: string;
  saving: string;
  saved: string;
  saveFailed: string;
  submitFailed: string;
  loading: string;
  retry: string;
  thanksTitle: string;
  thanksBody: string;
  notFoundTitle: string;
  notFoundBody: string;
  closedTitle: string;
  closedBody: string;
  completedTitle: string;
  completedBody: string;
  errorTitle: string;
  errorBody: string;
  /** A 429 (RATE_LIMITED): the link was used too often in a minute. Not the connection's fault. */
  rateLimitedTitle: string;
  rateLimitedBody: string;
  /** The same, as one sentence under a button. */
  rateLimited: string;
  /** The opt-out page (the link at the foot of every survey message). */
  optOutTitle: string;
  optOutBody: string;
  optOutButton: string;
  optOutSending: string;
  optOutKeep: string;
  optOutFailed: string;
  optedOutTitle: string;
  optedOutBody: string;
  /** The other language's name, in that language: the switch on pages that cannot know the patient's. */
  otherLanguage: string;
  /** A link that closed because the patient opted out: how to re-join, not "the time has passed". */
  optedOutClosedTitle: string;
  optedOutClosedBody: string;
  /** A link closed by the care team (withdrawal, a cancelled surgery). */
  stoppedTitle: string;
  stoppedBody: string;
  /** The line under every survey page: whom to call, before the phone number. */
  contact: (clinicName: string) => string;
  /** The language switch, read by screen readers. */
  switchLabel: string;
}

export const SURVEY_TEXT: Record<Language, SurveyText> = {
  en: {
    brand: 'Follow-up survey',
    pageTitle: 'Your follow-up survey',
    timepointHeading: {
      baseline: 'Before your surgery',
      '2w': '2 weeks after your surgery',
      '6w': '6 weeks after your surgery',
      '3m': '3 months after your surgery',
      '6m': '6 months after your surgery',
      '12m': '1 year after your surgery',
      '24m': '2 years after your surgery',
    },
    intro:
      'A few short questions about your leg pain, back pain and walking. It takes about 2 minutes. Your answers are saved as you go, so you can come back to this link later.',
    questionOf: (n, total) => `Question ${n} of ${total}`,
    required: 'Please answer this question.',
    invalid: 'Please check this answer.',
    missingSummary: 'Some questions still need an answer.',
    submit: 'Send my answers',
    submitting: 'Sending…',
    saving: 'Saving…',
    saved: 'Your answers so far are saved.',
    saveFailed: 'Not saved yet. Your answers will be sent when you press the button below.',
    submitFailed: 'Your answers could not be sent. Please check your connection and try again.',
    loading: 'Loading your survey…',
    retry: 'Try again',
    thanksTitle: 'Thank you',
    thanksBody: 'Your answers have been sent to your care team. There is nothing more to do. You can close this page.',
    notFoundTitle: 'We could not find this survey',
    notFoundBody:
      'Please check that you opened the whole link from your message. If it still does not work, please contact your clinic.',
    closedTitle: 'This survey has closed',
    closedBody:
      'The time to answer this survey has passed, so it can no longer be filled in. There is nothing you need to do. If you have questions, please contact your clinic.',
    completedTitle: 'This survey is already complete',
    completedBody: 'Your answers for this survey were already received. Thank you. There is nothing more to do.',
    errorTitle: 'The survey could not be loaded',
    errorBody: 'This may be a problem with the connection. Please try again in a moment.',
    rateLimitedTitle: 'Too many tries from this link',
    rateLimitedBody: 'Please wait a minute and try again.',
    rateLimited: 'Too many tries from this link; please wait a minute and try again.',
    optOutTitle: 'Stop receiving surveys?',
    optOutBody:
      'If you press the button below, your care team will stop sending you these follow-up surveys; your care itself does not change.',
    optOutButton: 'Stop sending me surveys',
    optOutSending: 'Sending…',
    optOutKeep: 'To keep receiving surveys, just close this page.',
    optOutFailed: 'Your request could not be sent. Please check your connection and try again.',
    optedOutTitle: 'You will not receive any more surveys',
    optedOutBody:
      'Thank you. If you change your mind, call the clinic at the number below, or reply START to one of our text messages. There is nothing more to do; you can close this page.',
    otherLanguage: 'Español',
    optedOutClosedTitle: 'You have opted out of these surveys',
    optedOutClosedBody:
      'You asked us not to send you more follow-up surveys, so this link no longer works. Your care does not change. If you would like to receive the surveys again, call the clinic at the number below.',
    stoppedTitle: 'This survey is no longer needed',
    stoppedBody: 'Your care team has closed this survey. There is nothing you need to do.',
    contact: (name) => `Questions? Call ${name} at`,
    switchLabel: 'Language',
  },
  es: {
    brand: 'Encuesta de seguimiento',
    pageTitle: 'Su encuesta de seguimiento',
    timepointHeading: {
      baseline: 'Antes de su cirugía',
      '2w': '2 semanas después de su cirugía',
      '6w': '6 semanas después de su cirugía',
      '3m': '3 meses después de su cirugía',
      '6m': '6 meses después de su cirugía',
      '12m': '1 año después de su cirugía',
      '24m': '2 años después de su cirugía',
    },
    intro:
      'Unas pocas preguntas breves sobre el dolor de pierna, el dolor de espalda y cuánto puede caminar. Toma unos 2 minutos. Sus respuestas se guardan a medida que avanza, así que puede volver a este enlace más tarde.',
    questionOf: (n, total) => `Pregunta ${n} de ${total}`,
    required: 'Por favor, responda esta pregunta.',
    invalid: 'Por favor, revise esta respuesta.',
    missingSummary: 'Aún faltan respuestas a algunas preguntas.',
    submit: 'Enviar mis respuestas',
    submitting: 'Enviando…',
    saving: 'Guardando…',
    saved: 'Sus respuestas hasta ahora están guardadas.',
    saveFailed: 'Aún no se ha guardado. Sus respuestas se enviarán cuando pulse el botón de abajo.',
    submitFailed: 'No se pudieron enviar sus respuestas. Revise su conexión e inténtelo de nuevo.',
    loading: 'Cargando su encuesta…',
    retry: 'Intentar de nuevo',
    thanksTitle: 'Gracias',
    thanksBody: 'Sus respuestas se enviaron a su equipo médico. No tiene que hacer nada más. Puede cerrar esta página.',
    notFoundTitle: 'No encontramos esta encuesta',
    notFoundBody:
      'Compruebe que abrió el enlace completo de su mensaje. Si sigue sin funcionar, comuníquese con su clínica.',
    closedTitle: 'Esta encuesta está cerrada',
    closedBody:
      'El plazo para responder esta encuesta ya terminó, por lo que ya no se puede completar. No tiene que hacer nada. Si tiene preguntas, comuníquese con su clínica.',
    completedTitle: 'Esta encuesta ya está completa',
    completedBody: 'Ya recibimos sus respuestas a esta encuesta. Gracias. No tiene que hacer nada más.',
    errorTitle: 'No se pudo cargar la encuesta',
    errorBody: 'Puede ser un problema de conexión. Inténtelo de nuevo en un momento.',
    rateLimitedTitle: 'Demasiados intentos desde este enlace',
    rateLimitedBody: 'Espere un minuto e inténtelo de nuevo.',
    rateLimited: 'Demasiados intentos desde este enlace; espere un minuto e inténtelo de nuevo.',
    optOutTitle: '¿Dejar de recibir encuestas?',
    optOutBody:
      'Si pulsa el botón de abajo, su equipo médico dejará de enviarle estas encuestas de seguimiento; su atención médica no cambia.',
    optOutButton: 'No enviarme más encuestas',
    optOutSending: 'Enviando…',
    optOutKeep: 'Si desea seguir recibiendo encuestas, simplemente cierre esta página.',
    optOutFailed: 'No se pudo enviar su solicitud. Revise su conexión e inténtelo de nuevo.',
    optedOutTitle: 'No recibirá más encuestas',
    optedOutBody:
      'Gracias. Si cambia de opinión, llame a la clínica al número de abajo o responda START a uno de nuestros mensajes de texto. No tiene que hacer nada más; puede cerrar esta página.',
    otherLanguage: 'English',
    optedOutClosedTitle: 'Usted pidió no recibir más encuestas',
    optedOutClosedBody:
      'Nos pidió que no le enviemos más encuestas de seguimiento, por eso este enlace ya no funciona. Su atención médica no cambia. Si desea volver a recibir las encuestas, llame a la clínica al número de abajo.',
    stoppedTitle: 'Esta encuesta ya no es necesaria',
    stoppedBody: 'Su equipo médico cerró esta encuesta. No tiene que hacer nada.',
    contact: (name) => `¿Preguntas? Llame a ${name} al`,
    switchLabel: 'Idioma',
  },
};

/** Before the survey says which language it is in (or when it cannot load), follow the phone. */
export function browserLanguage(): Language {
  const preferred = typeof navigator === 'undefined' ? 'en' : (navigator.languages?.[0] ?? navigator.language ?? 'en');
  return preferred.toLowerCase().startsWith('es') ? 'es' : 'en';
}
