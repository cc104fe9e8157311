import Commands
import Foundation
import Telegram
import TelegramWire
import Testing

/// A confirmation's buttons carry a token only; its commands round-trip through the store's text.
struct ConfirmationTests {
    @Test func buttonsCarryTheTokenAndPressesAreRead() throws {
        let k = try Confirmation.keyboard(token: "Zx9", replies: Replies(language: .ko))
        #expect(k.json == #"{"inline_keyboard":[[{"text":"확인","callback_data":"ok:Zx9"},{"text":"취소","callback_data":"no:Zx9"}]]}"#)
        #expect(try JSONDecoder().decode(InlineKeyboardMarkup.self, from: Data(k.json.utf8)) == k)
        #expect(Confirmation.press("ok:Zx9")! == ("Zx9", true) && Confirmation.press("no:Zx9")! == ("Zx9", false))
        #expect(Confirmation.press("ok:") == nil && Confirmation.press("other") == nil && Confirmation.press(nil) == nil)
    }

    @Test func commandsRoundTripAndOnlyConfirmableOnes() {
        for cmds: [Command] in [[.close("a-1")], [.close("a"), .close("b")], [.start("x")], [.stop("x"), .stop("y")]] {
            #expect(Confirmation.encode(cmds).flatMap(Confirmation.decode) == cmds)
        }
        #expect(Confirmation.encode([.pause("a")]) == nil && Confirmation.encode([.close("a"), .stop("b")]) == nil)
        #expect(Confirmation.encode([]) == nil && Confirmation.decode("shutdown:x") == nil && Confirmation.decode("close:") == nil)
    }
}
