import Crypto
import Foundation
import NIOSSL
import X509

/// A certificate authority and a server certificate for 127.0.0.1 and localhost, made when the
/// fake starts (P-256 keys) and never written anywhere but a temporary folder.
///
/// Clients under test trust the CA file and nothing else, exactly as they would trust the
/// system roots for a venue's host: the TLS handshake, hostname check included, is real.
public struct TestPKI: Sendable {
    /// The CA's certificate, PEM: what a client trusts.
    public let caPEM: String
    public let serverCertificate: NIOSSLCertificate
    public let serverKey: NIOSSLPrivateKey

    /// A new CA and server certificate; `name` (the fake's, e.g. "OKXFake") goes into the CA's
    /// names so a failed handshake says whose CA it was.
    public static func make(name: String) throws -> TestPKI {
        // Validity is read from the wall clock: TLS stacks check it against real time, not the
        // fake's clock, which a test may have moved years away.
        let now = Date()
        let caKey = P256.Signing.PrivateKey()
        let caName = try DistinguishedName {
            OrganizationName("BotRuntime \(name)")
            // A name of its own: clients trusting another fake's CA must not even find an issuer.
            CommonName("\(name) test CA \(UInt32.random(in: 0...UInt32.max))")
        }
        let ca = try Certificate(
            version: .v3, serialNumber: Certificate.SerialNumber(), publicKey: .init(caKey.publicKey),
            notValidBefore: now - 3600, notValidAfter: now + 7 * 86_400,
            issuer: caName, subject: caName, signatureAlgorithm: .ecdsaWithSHA256,
            extensions: try Certificate.Extensions {
                Critical(BasicConstraints.isCertificateAuthority(maxPathLength: 0))
                Critical(KeyUsage(keyCertSign: true, cRLSign: true))
            },
            issuerPrivateKey: .init(caKey))

        let serverKey = P256.Signing.PrivateKey()
        let san = DERWriter.subjectAltNames(dns: ["localhost"], ipv4: [[127, 0, 0, 1]])
        let server = try Certificate(
            version: .v3, serialNumber: Certificate.SerialNumber(), publicKey: .init(serverKey.publicKey),
            notValidBefore: now - 3600, notValidAfter: now + 7 * 86_400,
            issuer: caName, subject: try DistinguishedName { CommonName("127.0.0.1") },
            signatureAlgorithm: .ecdsaWithSHA256,
            extensions: try Certificate.Extensions {
                Critical(BasicConstraints.notCertificateAuthority)
                Critical(KeyUsage(digitalSignature: true))
                try ExtendedKeyUsage([.serverAuth])
                Certificate.Extension(oid: .X509ExtensionID.subjectAlternativeName, critical: false, value: san[...])
            },
            issuerPrivateKey: .init(caKey))

        let caDER = DERWriter.certificate(tbs: ca.tbsCertificateBytes, ecdsaSignature: ca.signature.rawRepresentation)
        let serverDER = DERWriter.certificate(tbs: server.tbsCertificateBytes,
                                              ecdsaSignature: server.signature.rawRepresentation)
        return TestPKI(
            caPEM: DERWriter.pem(caDER, label: "CERTIFICATE"),
            serverCertificate: try NIOSSLCertificate(bytes: serverDER, format: .der),
            serverKey: try NIOSSLPrivateKey(bytes: Array(serverKey.pemRepresentation.utf8), format: .pem))
    }
}
