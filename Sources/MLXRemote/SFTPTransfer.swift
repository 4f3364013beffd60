internal import CCurl
import Foundation

/// What libcurl's callbacks see of one `SFTPRequest`: where downloaded bytes go, where an
/// upload's come from, and what went wrong on our side or with the host key.
final class SFTPTransfer {
    enum HostKeyProblem { case unknown, changed }

    let action: SFTPRequest.Action
    var body: [UInt8] = []
    var bytesWritten: Int64 = 0
    var uploadPosition: Int64 = 0
    var hostKeyProblem: HostKeyProblem?
    /// Why a callback stopped the transfer because of a local file.
    var localFailure: String?
    var localErrorCode: Int32?

    init(_ action: SFTPRequest.Action) {
        self.action = action
    }

    /// A download's bytes go to its descriptor, anything else (a listing) to memory.
    func receive(_ bytes: UnsafeRawBufferPointer) -> Int {
        guard case .download(let descriptor, _) = action else {
            body.append(contentsOf: bytes)
            return bytes.count
        }
        if let code = TransferFile.writeAll(bytes, to: descriptor) {
            localErrorCode = code
            localFailure = "cannot write the downloaded data: \(String(cString: strerror(code)).lowercased())"
            return 0
        }
        bytesWritten += Int64(bytes.count)
        return bytes.count
    }

    /// Hands libcurl the next piece of the upload, refusing the last one of a body that does
    /// not hash to its digest.
    func readUpload(into buffer: UnsafeMutablePointer<CChar>, capacity: Int) -> Int {
        guard case .upload(let region, let check) = action else { return 0 }
        let wanted = Int(min(Int64(capacity), region.length - uploadPosition))
        guard wanted > 0 else { return 0 }
        while true {
            let count = pread(region.descriptor, buffer, wanted, off_t(region.offset + uploadPosition))
            if count < 0 && errno == EINTR { continue }
            if count <= 0 {
                localFailure = count == 0
                    ? "the file to upload ended early (it changed while being sent)"
                    : "cannot read the file to upload: \(String(cString: strerror(errno)).lowercased())"
                return Int(CURL_READFUNC_ABORT)
            }
            if let check, !check.accept(UnsafeRawBufferPointer(start: buffer, count: count), at: region.offset + uploadPosition) {
                localFailure = "the file to upload does not match its name"
                return Int(CURL_READFUNC_ABORT)
            }
            uploadPosition += Int64(count)
            return count
        }
    }
}
