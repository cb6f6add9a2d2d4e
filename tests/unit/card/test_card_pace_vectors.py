"""PACE against the ICAO 9303-11 worked examples, value by value and APDU by APDU.

Appendix G.1: PACE-ECDH-GM, brainpoolP256r1, AES-128, MRZ password of document T22000129.
Appendix G.2: PACE-DH-GM, RFC 5114 1024-bit group, AES-128, the same password.
The values were checked against several independent public implementations (gmrtd,
JMRTD-style Java/Kotlin/Dart/C++ test suites quoting the appendix); the chip's ephemeral
private keys of the examples let the card side reproduce its half of the transcript too.
Plus NIST SP 800-38B CMAC and the ICAO BAC KDF vectors, and the RFC 5114 groups' structure.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest

from kiosk.devices.card.bac import key_seed
from kiosk.devices.card.lds.card_access import parse_card_access
from kiosk.devices.card.pace import PacePassword, mse_set_at, pace_authenticate
from kiosk.devices.card.pace_card import CardPace
from kiosk.devices.card.pace_crypto import (
    PASSWORD,
    SessionKeys,
    aes_cmac,
    auth_token,
    decrypt_nonce,
    encrypt_nonce,
    kdf,
    public_key_object,
)
from kiosk.devices.card.pace_domain import DhDomain, Domain, EcDomain, standard_domain
from kiosk.devices.card.transport import PlainChannel

H = bytes.fromhex
MRZ_INFORMATION = "T22000129364081251010318"  # T22000129, 640812, 101031 with check digits


def h(text: str) -> bytes:
    return H("".join(text.split()))


# --- Appendix G.1: ECDH, brainpoolP256r1 ------------------------------------------------------

G1_CARD_ACCESS = H("31143012060A04007F0007020204020202010202010D")
G1_K = H("7E2D2A41C74EA0B38CD36F863939BFA8E9032AAD")
G1_K_PI = H("89DED1B26624EC1E634C1989302849DD")
G1_Z = H("95A3A016522EE98D01E76CB6B98B42C3")
G1_S = H("3F00C4D39D153F2B2A214A078D899B22")
G1_SK_MAP_IFD = 0x7F4EF07B9EA82FD78AD689B38D0BC78CF21F249D953BC46F4C6E19259C010F99
G1_PK_MAP_IFD = h("""04 7ACF3EFC982EC45565A4B155129EFBC74650DCBFA6362D896FC70262E0C2CC5E
                      544552DCB6725218799115B55C9BAA6D9F6BC3A9618E70C25AF71777A9C4922D""")
G1_SK_MAP_IC = 0x498FF49756F2DC1587840041839A85982BE7761D14715FB091EFA7BCE9058560
G1_PK_MAP_IC = h("""04 824FBA91C9CBE26BEF53A0EBE7342A3BF178CEA9F45DE0B70AA601651FBA3F57
                     30D8C879AAA9C9F73991E61B58F4D52EB87A0A0C709A49DC63719363CCD13C54""")
G1_H = h("""04 60332EF2450B5D247EF6D3868397D398852ED6E8CAF6FFEEF6BF85CA57057FD5
                0840CA7415BAF3E43BD414D35AA4608B93A2CAF3A4E3EA4E82C9C13D03EB7181""")
G1_G_MAPPED = h("""04 8CED63C91426D4F0EB1435E7CB1D74A46723A0AF21C89634F65A9AE87A9265E2
                       8C879506743F8611AC33645C5B985C80B5F09A0B83407C1B6A4D857AE76FE522""")
G1_SK_IFD = 0xA73FB703AC1436A18E0CFA5ABB3F7BEC7A070E7A6788486BEE230C4A22762595
G1_PK_IFD = h("""04 2DB7A64C0355044EC9DF190514C625CBA2CEA48754887122F3A5EF0D5EDD301C
                     3556F3B3B186DF10B857B58F6A7EB80F20BA5DC7BE1D43D9BF850149FBB36462""")
G1_SK_IC = 0x107CF58696EF6155053340FD633392BA81909DF7B9706F226F32086C7AFF974A
G1_PK_IC = h("""04 9E880F842905B8B3181F7AF7CAA9F0EFB743847F44A306D2D28C1D9EC65DF6DB
                    7764B22277A2EDDC3C265A9F018F9CB852E111B768B326904B59A0193776F094""")
G1_SHARED = H("28768D20701247DAE81804C9E780EDE582A9996DB4A315020B2733197DB84925")
G1_KS_ENC = H("F5F0E35C0D7161EE6724EE513A0D9A7F")
G1_KS_MAC = H("FE251C7858B356B24514B3BD5F4297D1")
G1_T_IFD_INPUT = h("7F494F060A04007F00070202040202 8641") + G1_PK_IC
G1_T_IC_INPUT = h("7F494F060A04007F00070202040202 8641") + G1_PK_IFD
G1_T_IFD = H("C2B0BD78D94BA866")
G1_T_IC = H("3ABB9674BCE93C08")
G1_TRANSCRIPT = [
    ("0022C1A40F800A04007F00070202040202830101", "9000"),
    ("10860000027C0000", "7C128010" + G1_Z.hex() + "9000"),
    ("10860000457C438141" + G1_PK_MAP_IFD.hex() + "00", "7C438241" + G1_PK_MAP_IC.hex() + "9000"),
    ("10860000457C438341" + G1_PK_IFD.hex() + "00", "7C438441" + G1_PK_IC.hex() + "9000"),
    ("008600000C7C0A8508" + G1_T_IFD.hex() + "00", "7C0A8608" + G1_T_IC.hex() + "9000"),
]

# --- Appendix G.2: DH, 1024-bit MODP group with 160-bit subgroup -------------------------------

G2_CARD_ACCESS = H("31143012060A04007F00070202040102020102020100")
G2_Z = H("854D8DF5827FA6852D1A4FA701CDDDCA")
G2_S = H("FA5B7E3E49753A0DB9178B7B9BD898C8")
G2_SK_MAP_IFD = 0x5265030F751F4AD18B08AC565FC7AC952E41618D
G2_PK_MAP_IFD = h("""
    23FB3749EA030D2A25B278D2A562047ADE3F01B74F17A15402CB7352CA7D2B3EB71C343DB13D1DEBCE9A3666DBCFC920
    B49174A602CB47965CAA73DC702489A44D41DB914DE9613DC5E98C94160551C0DF86274B9359BC0490D01B03AD54022D
    CB4F57FAD6322497D7A1E28D46710F461AFE710FBBBC5F8BA166F4311975EC6C""")
G2_SK_MAP_IC = 0x66DDAFEAC1609CB5B963BB0CB3FF8B3E047F336C
G2_PK_MAP_IC = h("""
    78879F57225AA8080D52ED0FC890A4B25336F699AA89A2D3A189654AF70729E623EA5738B26381E4DA19E004706FACE7
    B235C2DBF2F38748312F3C98C2DD4882A41947B324AA1259AC22579DB93F7085655AF30889DBB845D9E6783FE42C9F24
    49400306254C8AE8EE9DD812A804C0B66E8CAFC14F84D8258950A91B44126EE6""")
G2_G_MAPPED = h("""
    7C9CBFE98F9FBDDA8D143506FA7D9306F4CB17E3C71707AFF5E1C1A12370249684D64EE37AF44B8DBD9D45BF6023919C
    BAA027AB97ACC771666C8E98FF483301BFA4872DEDE9034EDFACB70814166B7F360676829B826BEA57291B5AD69FBC84
    EF1E779032A305803F74341793E869742D401325B37EE8565FFCDEE618342DC5""")
G2_SK_IFD = 0x89CCD99B0E8D3B1F11E1296DCA68EC53411CF2CA
G2_PK_IFD = h("""
    907D89E2D425A178AA81AF4A7774EC8E388C115CAE67031E85EECE520BD911551B9AE4D04369F29A02626C86FBC6747C
    C7BC352645B6161A2A42D44EDA80A08FA8D61B76D3A154AD8A5A51786B0BC07147057871A922212C5F67F43173172236
    B7747D1671E6D692A3C7D40A0C3C5CE397545D015C175EB5130551EDBC2EE5D4""")
G2_SK_IC = 0xA5B780126B7C980E9FCEA1D4539DA1D27C342DFA
G2_PK_IC = h("""
    075693D9AE941877573E634B6E644F8E60AF17A0076B8B123D9201074D36152BD8B3A213F53820C42ADC79AB5D0AEEC3
    AEFB91394DA476BD97B9B14D0A65C1FC71A0E019CB08AF55E1F729005FBA7E3FA5DC41899238A250767A6D46DB974064
    386CD456743585F8E5D90CC8B4004B1F6D866C79CE0584E49687FF61BC29AEA1""")
G2_SHARED = h("""
    6BABC7B3A72BCD7EA385E4C62DB2625BD8613B24149E146A629311C4CA6698E38B834B6A9E9CD7184BA8834AFF5043D4
    36950C4C1E7832367C10CB8C314D40E5990B0DF7013E64B4549E2270923D06F08CFF6BD3E977DDE6ABE4C31D55C0FA2E
    465E553E77BDF75E3193D3834FC26E8EB1EE2FA1E4FC97C18C3F6CFFFE2607FD""")
G2_KS_ENC = H("2F7F46ADCC9E7E521B45D192FAFA9126")
G2_KS_MAC = H("805A1D27D45A5116F73C54469462B7D8")
G2_T_IFD = H("B46DD9BD4D98381F")
G2_T_IC = H("917F37B5C0E6D8D1")
G2_TRANSCRIPT = [
    ("0022C1A40F800A04007F00070202040102830101", "9000"),
    ("10860000027C0000", "7C128010" + G2_Z.hex() + "9000"),
    ("10860000867C8183818180" + G2_PK_MAP_IFD.hex() + "00",
     "7C8183828180" + G2_PK_MAP_IC.hex() + "9000"),
    ("10860000867C8183838180" + G2_PK_IFD.hex() + "00",
     "7C8183848180" + G2_PK_IC.hex() + "9000"),
    ("008600000C7C0A8508" + G2_T_IFD.hex() + "00", "7C0A8608" + G2_T_IC.hex() + "9000"),
]


class ScriptedCard:
    """Checks every command byte for byte and answers what the worked example answers."""

    atr = b""

    def __init__(self, script: list[tuple[str, str]]) -> None:
        self.script = list(script)
        self.index = 0

    def transmit(self, command: bytes) -> bytes:
        expected, answer = self.script[self.index]
        assert command.hex().upper() == expected.upper(), f"APDU {self.index} differs"
        self.index += 1
        return H(answer)


def keys_of(mapping: int, agreement: int) -> Callable[[str, Domain], int]:
    return lambda step, _domain: mapping if step == "mapping" else agreement


# --- G.1 values ---------------------------------------------------------------------------------

def test_card_pace_g1_password_and_nonce():
    password = PacePassword.mrz(MRZ_INFORMATION)
    assert password.secret == G1_K
    assert password.key_reference == 1
    assert kdf(G1_K, PASSWORD, "AES", 16) == G1_K_PI
    assert decrypt_nonce("AES", G1_K_PI, G1_Z) == G1_S
    assert encrypt_nonce("AES", G1_K_PI, G1_S) == G1_Z
    assert "T22000129" not in repr(password)


def test_card_pace_g1_generic_mapping():
    domain = standard_domain(13)
    assert isinstance(domain, EcDomain) and domain.name == "brainpoolP256r1"
    assert domain.public(G1_SK_MAP_IFD) == G1_PK_MAP_IFD
    assert domain.public(G1_SK_MAP_IC) == G1_PK_MAP_IC
    # H = SK_map,IFD * PK_map,IC is a point; its x-coordinate is what ECDH would give.
    assert domain.agree(G1_SK_MAP_IFD, G1_PK_MAP_IC) == G1_H[1:33]
    mapped = domain.map_generic(int.from_bytes(G1_S, "big"), G1_SK_MAP_IFD, G1_PK_MAP_IC)
    assert mapped.mapped_generator() == G1_G_MAPPED
    card_side = domain.map_generic(int.from_bytes(G1_S, "big"), G1_SK_MAP_IC, G1_PK_MAP_IFD)
    assert card_side.mapped_generator() == G1_G_MAPPED


def test_card_pace_g1_key_agreement_keys_and_tokens():
    mapped = standard_domain(13).map_generic(int.from_bytes(G1_S, "big"), G1_SK_MAP_IFD,
                                             G1_PK_MAP_IC)
    assert mapped.public(G1_SK_IFD) == G1_PK_IFD
    assert mapped.public(G1_SK_IC) == G1_PK_IC
    assert mapped.agree(G1_SK_IFD, G1_PK_IC) == G1_SHARED
    assert mapped.agree(G1_SK_IC, G1_PK_IFD) == G1_SHARED
    keys = SessionKeys.derive(G1_SHARED, "AES", 16)
    assert (keys.ks_enc, keys.ks_mac) == (G1_KS_ENC, G1_KS_MAC)
    info = parse_card_access(G1_CARD_ACCESS).pace[0]
    assert public_key_object(info.oid_content, 0x86, G1_PK_IC) == G1_T_IFD_INPUT
    assert public_key_object(info.oid_content, 0x86, G1_PK_IFD) == G1_T_IC_INPUT
    assert auth_token("AES", G1_KS_MAC, info.oid_content, 0x86, G1_PK_IC) == G1_T_IFD
    assert auth_token("AES", G1_KS_MAC, info.oid_content, 0x86, G1_PK_IFD) == G1_T_IC


def test_card_pace_g1_terminal_transcript():
    card_access = parse_card_access(G1_CARD_ACCESS)
    info = card_access.preferred()
    assert info is not None
    card = ScriptedCard(G1_TRANSCRIPT)
    result = pace_authenticate(PlainChannel(card), card_access, info,
                               PacePassword.mrz(MRZ_INFORMATION),
                               private_keys=keys_of(G1_SK_MAP_IFD, G1_SK_IFD))
    assert card.index == len(G1_TRANSCRIPT)
    assert (result.keys.ks_enc, result.keys.ks_mac) == (G1_KS_ENC, G1_KS_MAC)
    assert result.chip_token == G1_T_IC
    assert result.sm.ssc == bytes(16)
    assert result.detail == "MRZ, ECDH-GM brainpoolP256r1, AES-128"


def test_card_pace_g1_mse_with_parameter_id():
    """Tag 84 names the domain parameters when the chip offers several (the example's
    optional form)."""
    info = parse_card_access(G1_CARD_ACCESS).pace[0]
    command = mse_set_at(info, PacePassword.mrz(MRZ_INFORMATION), 13)
    assert command.to_bytes() == H("0022C1A412800A04007F0007020204020283010184010D")


def run_card_side(card_access: bytes, transcript: list[tuple[str, str]], nonce: bytes,
                  sk_map: int, sk: int) -> SessionKeys | None:
    """Feed the example's terminal commands to our chip: it must answer byte for byte."""
    card = CardPace(parse_card_access(card_access),
                    {1: PacePassword.mrz(MRZ_INFORMATION).secret},
                    random=lambda n: nonce[:n], private_keys=keys_of(sk_map, sk))
    keys = None
    for index, (command, expected) in enumerate(transcript):
        raw = H(command)
        if raw[1] == 0x22:
            assert card.mse_set_at(raw[5:5 + raw[4]]) == int(expected, 16)
            continue
        data = raw[5:5 + raw[4]]
        answer, keys = card.general_authenticate(data)
        assert answer.to_bytes().hex().upper() == expected.upper(), f"answer {index} differs"
    return keys


def test_card_pace_g1_card_transcript():
    keys = run_card_side(G1_CARD_ACCESS, G1_TRANSCRIPT, G1_S, G1_SK_MAP_IC, G1_SK_IC)
    assert keys is not None and (keys.ks_enc, keys.ks_mac) == (G1_KS_ENC, G1_KS_MAC)


# --- G.2 values ---------------------------------------------------------------------------------

def test_card_pace_g2_dh_values():
    domain = standard_domain(0)
    assert isinstance(domain, DhDomain) and domain.name == "modp1024_160"
    assert kdf(G1_K, PASSWORD, "AES", 16) == G1_K_PI  # same password as G.1
    assert decrypt_nonce("AES", G1_K_PI, G2_Z) == G2_S
    assert domain.public(G2_SK_MAP_IFD) == G2_PK_MAP_IFD
    assert domain.public(G2_SK_MAP_IC) == G2_PK_MAP_IC
    mapped = domain.map_generic(int.from_bytes(G2_S, "big"), G2_SK_MAP_IFD, G2_PK_MAP_IC)
    assert mapped.mapped_generator() == G2_G_MAPPED
    assert mapped.public(G2_SK_IFD) == G2_PK_IFD
    assert mapped.public(G2_SK_IC) == G2_PK_IC
    assert mapped.agree(G2_SK_IFD, G2_PK_IC) == G2_SHARED
    keys = SessionKeys.derive(G2_SHARED, "AES", 16)
    assert (keys.ks_enc, keys.ks_mac) == (G2_KS_ENC, G2_KS_MAC)
    oid = parse_card_access(G2_CARD_ACCESS).pace[0].oid_content
    assert auth_token("AES", G2_KS_MAC, oid, 0x84, G2_PK_IC) == G2_T_IFD
    assert auth_token("AES", G2_KS_MAC, oid, 0x84, G2_PK_IFD) == G2_T_IC


def test_card_pace_g2_terminal_transcript():
    card_access = parse_card_access(G2_CARD_ACCESS)
    info = card_access.preferred()
    assert info is not None and info.agreement == "DH" and info.parameter_id == 0
    card = ScriptedCard(G2_TRANSCRIPT)
    result = pace_authenticate(PlainChannel(card), card_access, info,
                               PacePassword.mrz(MRZ_INFORMATION),
                               private_keys=keys_of(G2_SK_MAP_IFD, G2_SK_IFD))
    assert card.index == len(G2_TRANSCRIPT)
    assert (result.keys.ks_enc, result.keys.ks_mac) == (G2_KS_ENC, G2_KS_MAC)


def test_card_pace_g2_card_transcript():
    keys = run_card_side(G2_CARD_ACCESS, G2_TRANSCRIPT, G2_S, G2_SK_MAP_IC, G2_SK_IC)
    assert keys is not None and keys.ks_mac == G2_KS_MAC


# --- secure messaging after PACE: cross-checks with two other implementations ------------------

def test_card_pace_aes_secure_messaging_cross_check():
    """SELECT under the G.1 session keys (SSC 0) as an independent Java implementation
    encodes it, and a CardSecurity read under the Appendix I (PACE-CAM) keys as gmrtd does."""
    from kiosk.devices.card.apdu import CommandAPDU, ResponseAPDU

    sm = SessionKeys("AES", G1_KS_ENC, G1_KS_MAC).terminal()
    command = sm.protect(CommandAPDU(0x00, 0xA4, 0x04, 0x0C, H("A0000002471001")))
    assert command.to_bytes() == h("0CA4040C1D871101752F676B09FAC86A87D632749A49C7CC8E08C18B"
                                   "A1FCE707BD9F00")
    assert sm.unprotect(ResponseAPDU.from_bytes(H("990290008E08BEA7B381C494A0799000"))).ok
    sm = SessionKeys("AES", H("0A9DA4DB03BDDE39FC5202BC44B2E89E"),
                     H("4B1C06491ED5140CA2B537D344C6C0B1")).terminal()
    command = sm.protect(CommandAPDU(0x00, 0xA4, 0x02, 0x0C, H("011D")))
    assert command.to_bytes() == h("0ca4020c1d8711013824f3cb16caa40ddff8459c215cc4988e081584"
                                   "49671fcc718300")
    assert sm.unprotect(ResponseAPDU.from_bytes(H("990290008E085e007ca87260a77f9000"))).ok
    assert sm.protect(CommandAPDU(0, 0xB0, 0, 0, le=4)).to_bytes() == h(
        "0cb000000d9701048e081049244eed15563d00")
    answer = sm.unprotect(ResponseAPDU.from_bytes(h(
        "8711017B0085CFF0A3845B7F1B02E72BBE6395990290008E083cf26fad48f7888b9000")))
    assert answer.data[:2] == H("3164")  # EF.CardSecurity: a long-form SET


# --- primitives -------------------------------------------------------------------------------

@pytest.mark.parametrize(
    ("key", "message", "mac"),
    [  # NIST SP 800-38B appendix D.1 (AES-128), D.2 (AES-192), D.3 (AES-256)
        ("2b7e151628aed2a6abf7158809cf4f3c", "", "bb1d6929e95937287fa37d129b756746"),
        ("2b7e151628aed2a6abf7158809cf4f3c", "6bc1bee22e409f96e93d7e117393172a",
         "070a16b46b4d4144f79bdd9dd04a287c"),
        ("2b7e151628aed2a6abf7158809cf4f3c",
         "6bc1bee22e409f96e93d7e117393172aae2d8a571e03ac9c9eb76fac45af8e5130c81c46a35ce411",
         "dfa66747de9ae63030ca32611497c827"),
        ("8e73b0f7da0e6452c810f32b809079e562f8ead2522c6b7b", "",
         "d17ddf46adaacde531cac483de7a9367"),
        ("603deb1015ca71be2b73aef0857d77811f352c073b6108d72d9810a30914dff4", "",
         "028962f61b7bf89efc6b551f4667d983"),
    ],
)
def test_card_cmac_nist_vectors(key: str, message: str, mac: str):
    assert aes_cmac(H(key), H(message)) == H(mac)


def test_card_kdf_matches_the_icao_bac_vectors():
    seed = key_seed("L898902C<369080619406236")
    assert kdf(seed, 1, "3DES", 16) == H("AB94FDECF2674FDFB9B391F85D7F76F2")
    assert kdf(seed, 2, "3DES", 16) == H("7962D9ECE03D1ACD4C76089DCE131543")
    assert [len(kdf(seed, 1, "AES", n)) for n in (16, 24, 32)] == [16, 24, 32]
    assert kdf(seed, 1, "AES", 32)[:24] == kdf(seed, 1, "AES", 24)  # both SHA-256
    with pytest.raises(ValueError, match="key"):
        kdf(seed, 1, "AES", 20)


def _probably_prime(n: int) -> bool:
    """Miller-Rabin with fixed bases: enough to catch a mistyped hex digit."""
    if n % 2 == 0:
        return False
    d, r = n - 1, 0
    while d % 2 == 0:
        d, r = d // 2, r + 1
    for a in (2, 3, 5, 7, 11, 13, 17, 19, 23, 29, 31, 37):
        x = pow(a, d, n)
        if x in (1, n - 1):
            continue
        for _ in range(r - 1):
            x = pow(x, 2, n)
            if x == n - 1:
                break
        else:
            return False
    return True


@pytest.mark.parametrize(("pid", "bits", "qbits"), [(0, 1024, 160), (1, 2048, 224),
                                                    (2, 2048, 256)])
def test_card_rfc5114_groups_are_what_they_claim(pid: int, bits: int, qbits: int):
    domain = standard_domain(pid)
    assert isinstance(domain, DhDomain) and domain.q is not None
    assert domain.p.bit_length() == bits and domain.q.bit_length() == qbits
    assert _probably_prime(domain.p) and _probably_prime(domain.q)
    assert (domain.p - 1) % domain.q == 0
    assert pow(domain.g, domain.q, domain.p) == 1 and domain.g != 1
