"""Typed errors of the outbox and the sync worker, each with a Vietnamese and English message.

`detail` carries technical context for logs and admins (ids and codes only, never personal data);
`message_vi` / `message_en` say what happened and what to do.
"""

from __future__ import annotations

from kiosk.errors import KioskError


class SyncError(KioskError):
    """Base of every error this package raises on purpose."""

    code = "sync_error"
    message_vi = "Đã xảy ra lỗi khi đồng bộ hồ sơ. Vui lòng liên hệ cán bộ hỗ trợ."
    message_en = "Something went wrong while syncing dossiers. Please contact the staff."

    def __init__(self, detail: str = "") -> None:
        self.detail = detail
        text = f"{self.code}: {self.message_en}"
        super().__init__(f"{text} ({detail})" if detail else text)


class OutboxError(SyncError):
    """The dossier could not be stored; nothing of it was kept."""

    code = "outbox_error"
    message_vi = (
        "Chưa lưu được hồ sơ của bạn. Vui lòng thử lại; nếu vẫn lỗi, hãy báo cán bộ hỗ trợ."
    )
    message_en = (
        "Your dossier could not be saved. Please try again; if it fails again, tell the staff."
    )


class OutboxFullError(OutboxError):
    """The disk is full: the confirm fails and nothing partial is left."""

    code = "outbox_full"
    message_vi = (
        "Bộ nhớ của máy đã đầy nên hồ sơ chưa được lưu và chưa được nộp. "
        "Vui lòng báo cán bộ hỗ trợ."
    )
    message_en = (
        "The kiosk's storage is full, so your dossier was not saved or submitted. "
        "Please tell the staff."
    )


class UnknownDossierError(OutboxError):
    code = "unknown_dossier"
    message_vi = "Không tìm thấy hồ sơ có mã này. Vui lòng kiểm tra lại mã trên giấy biên nhận."
    message_en = "No dossier has this code. Please check the code on your receipt."


class InvalidStateError(OutboxError):
    code = "invalid_state"
    message_vi = "Không thể thực hiện thao tác này với hồ sơ ở trạng thái hiện tại."
    message_en = "This action is not possible for the dossier in its current state."


class CredentialsError(SyncError):
    """No device token, or no usable keyring on this machine."""

    code = "no_credentials"
    message_vi = (
        "Máy chưa có mã xác thực thiết bị để gửi hồ sơ. Quản trị viên cần chạy "
        "'kiosk token set'."
    )
    message_en = (
        "This kiosk has no device token to send dossiers. An administrator must run "
        "'kiosk token set'."
    )


class KeyringUnavailableError(CredentialsError):
    code = "keyring_unavailable"
    message_vi = (
        "Không truy cập được kho khóa bí mật của hệ điều hành. Quản trị viên cần cấu hình "
        "keyring (ví dụ biến PYTHON_KEYRING_BACKEND)."
    )
    message_en = (
        "The operating system's keyring is not available. An administrator must configure "
        "one (for example with PYTHON_KEYRING_BACKEND)."
    )


class InsecurePortalError(SyncError):
    """Plain HTTP to a non-loopback host, or a URL that is not HTTP(S)."""

    code = "insecure_portal"
    message_vi = (
        "Địa chỉ cổng dịch vụ công không an toàn: chỉ dùng HTTPS (HTTP chỉ cho máy cục bộ)."
    )
    message_en = "The portal address is not secure: use HTTPS (plain HTTP only for loopback)."


class WorkerBusyError(SyncError):
    code = "worker_busy"
    message_vi = "Một tiến trình đồng bộ khác đang chạy trên máy này. Vui lòng thử lại sau."
    message_en = "Another sync worker is already running on this kiosk. Try again later."


class DeviceBlockedError(SyncError):
    code = "device_blocked"
    message_vi = (
        "Cổng dịch vụ công từ chối thiết bị này (401/403). Hồ sơ vẫn được giữ an toàn; "
        "quản trị viên cần cấp lại mã xác thực ('kiosk token set')."
    )
    message_en = (
        "The portal refused this device (401/403). All dossiers are kept safely; an "
        "administrator must renew the device token ('kiosk token set')."
    )


class PortalSettingsError(SyncError):
    """A portal setting names a file that is not there (CA bundle, client certificate)."""

    code = "portal_settings"
    message_vi = (
        "Cấu hình kết nối cổng dịch vụ công bị sai (tệp chứng chỉ không tồn tại). "
        "Quản trị viên cần kiểm tra portal_ca_bundle / portal_client_cert."
    )
    message_en = (
        "The portal connection settings are wrong (a certificate file is missing). "
        "An administrator must check portal_ca_bundle / portal_client_cert."
    )


class OutboxDamagedError(OutboxError):
    """The store is damaged or was replaced: nothing is read, written or deleted until an
    administrator runs `kiosk queue recover`."""

    code = "outbox_damaged"
    message_vi = (
        "Máy tạm thời không nhận hồ sơ: kho lưu hồ sơ bị hỏng. Các hồ sơ đã lưu được giữ "
        "nguyên. Vui lòng báo cán bộ hỗ trợ (kiosk queue recover)."
    )
    message_en = (
        "This kiosk cannot take dossiers right now: its dossier store is damaged. Dossiers "
        "already saved are kept. Please tell the staff (kiosk queue recover)."
    )


class AtRestKeyError(OutboxError):
    """The key that protects stored personal data is not in the keyring."""

    code = "at_rest_key"
    message_vi = (
        "Không đọc được khóa bảo vệ dữ liệu hồ sơ trong kho khóa bí mật. "
        "Vui lòng báo cán bộ hỗ trợ."
    )
    message_en = (
        "The key that protects stored dossier data is not in the keyring. Please tell the staff."
    )
