package dev.ddbr.testing;

import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Starts the local emulators before a test class runs (once per JVM, see {@link LocalAws}) and
 * injects {@link LocalAws} into constructors, lifecycle methods and test methods.
 * Usually applied through {@link EmulatorTest}.
 *
 * <p>After each test it fails the test when the API-model proxy refused a request during it that the test
 * did not {@linkplain ApiModelNet#claim() claim}: AWS would have refused that request (see {@link ApiModelNet}).
 */
public final class LocalAwsExtension implements BeforeAllCallback, BeforeEachCallback, AfterEachCallback, ParameterResolver {

    @Override
    public void beforeAll(ExtensionContext context) {
        LocalAws.get();
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        LocalAws.get().apiModel().startTest();
    }

    @Override
    public void afterEach(ExtensionContext context) {
        List<ApiModelNet.Refusal> refused = LocalAws.get().apiModel().unclaimed();
        if (!refused.isEmpty()) {
            throw new AssertionError("AWS would refuse " + refused.size() + " request(s) this test made (the API-model"
                    + " proxy refused them; claim them with LocalAws.apiModel().claim() if the test means it):\n  "
                    + refused.stream().map(ApiModelNet.Refusal::message).collect(Collectors.joining("\n  ")));
        }
    }

    @Override
    public boolean supportsParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        return parameterContext.getParameter().getType() == LocalAws.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        try {
            return LocalAws.get();
        } catch (RuntimeException e) {
            throw new ParameterResolutionException(e.getMessage(), e);
        }
    }
}
