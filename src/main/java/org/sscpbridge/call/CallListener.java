package org.sscpbridge.call;

import java.util.Optional;

/**
 * What happens to a call on the SIP side, told to the phone side. Called from the dialog's own
 * serial executor, one event at a time and in order: hand the event over to the phone's own thread,
 * do not block.
 */
public interface CallListener {

    /** A provisional answer (180, 183); early media when the far end sent SDP with it. */
    void onProgress(int status, Optional<MediaSession> earlyMedia);

    /** The far end answered (2xx, ACK sent) or, for an incoming call, the phone's answer was accepted. */
    void onAnswered(MediaSession media);

    /** The call did not come up: final status (486, 404, 408 for no answer, 487 cancelled...). */
    void onFailed(int status, String reason);

    /** An established call ended from the far side (BYE) or died (dialog lost). */
    void onEnded(String reason);

    /**
     * The media of an established call changed: the answer to our {@link SipCall#reoffer}, or a far
     * end's re-INVITE (hold: the phone's direction becomes RECV_ONLY or INACTIVE; resume: SEND_RECV;
     * a session refresh: unchanged) that the SIP side has answered.
     */
    void onMediaChanged(MediaSession media);

    /** Our re-INVITE was refused or timed out; the session stays as it was. */
    void onReofferFailed(int status, String reason);

    /** The far end asks the phone's call to be transferred (REFER received and accepted). */
    void onTransferRequested(TransferRequest request);
}
